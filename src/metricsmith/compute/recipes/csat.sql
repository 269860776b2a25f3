-- CSAT over the period's CSAT answers (1–5). Convention csat_method:
--   top2_share: % of answers that are 4 or 5;   average: the mean rating.
SELECT segment, CAST(NULL AS VARCHAR) AS part,
       CASE WHEN ${csat_method} = 'average' THEN avg(score)
            ELSE 100.0 * count(*) FILTER (WHERE score >= 4) / count(*) END AS value,
       count(*) AS n
FROM surveys
WHERE kind = 'csat' AND response_date >= ${start} AND response_date < ${end}
GROUP BY segment
