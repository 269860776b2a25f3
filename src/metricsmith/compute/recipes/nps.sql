-- NPS: % promoters (9–10) minus % detractors (0–6) among the period's NPS answers;
-- passives (7–8) count in the denominator. Range −100…100.
SELECT segment, CAST(NULL AS VARCHAR) AS part,
       100.0 * (count(*) FILTER (WHERE score >= 9) - count(*) FILTER (WHERE score <= 6)) / count(*) AS value,
       count(*) AS n
FROM surveys
WHERE kind = 'nps' AND response_date >= ${start} AND response_date < ${end}
GROUP BY segment
UNION ALL
SELECT segment, 'promoters %', 100.0 * count(*) FILTER (WHERE score >= 9) / count(*), count(*)
FROM surveys WHERE kind = 'nps' AND response_date >= ${start} AND response_date < ${end} GROUP BY segment
UNION ALL
SELECT segment, 'passives %', 100.0 * count(*) FILTER (WHERE score BETWEEN 7 AND 8) / count(*), count(*)
FROM surveys WHERE kind = 'nps' AND response_date >= ${start} AND response_date < ${end} GROUP BY segment
UNION ALL
SELECT segment, 'detractors %', 100.0 * count(*) FILTER (WHERE score <= 6) / count(*), count(*)
FROM surveys WHERE kind = 'nps' AND response_date >= ${start} AND response_date < ${end} GROUP BY segment
