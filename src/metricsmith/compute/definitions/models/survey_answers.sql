-- The period's survey answers: kind 'nps' (0–10) or 'csat' (1–5).
SELECT segment, customer_id, kind, score
FROM surveys
WHERE response_date >= ${start} AND response_date < ${end}
