-- LTV from recurring revenue = ARPA × gross margin ÷ monthly customer churn.
-- ARPA: average MRR of the customers paying in the end month; churn: share of the customers
-- paying in the month before who pay nothing in the end month. Zero churn: not defined (NULL).
WITH s AS (
    SELECT customer_id, sum(mrr) AS mrr FROM mrr WHERE month = ${ltv_start} GROUP BY customer_id HAVING sum(mrr) > 0
),
e AS (
    SELECT customer_id, any_value(segment) AS segment, sum(mrr) AS mrr
    FROM mrr WHERE month = ${mrr_end} GROUP BY customer_id HAVING sum(mrr) > 0
),
arpa AS (
    SELECT segment, avg(mrr) AS arpa, count(*) AS customers FROM e GROUP BY segment
),
start_seg AS (
    SELECT s.customer_id, coalesce(e.segment, m.segment) AS segment, e.customer_id IS NULL AS churned
    FROM s
    LEFT JOIN e ON e.customer_id = s.customer_id
    LEFT JOIN (SELECT customer_id, any_value(segment) AS segment FROM mrr WHERE month = ${ltv_start} GROUP BY customer_id) m
        ON m.customer_id = s.customer_id
),
churn AS (
    SELECT segment, count(*) FILTER (WHERE churned) * 1.0 / count(*) AS churn FROM start_seg GROUP BY segment
)
SELECT a.segment, CAST(NULL AS VARCHAR) AS part,
       a.arpa * ${gross_margin} / nullif(c.churn, 0) AS value, a.customers AS n
FROM arpa a LEFT JOIN churn c ON c.segment = a.segment
UNION ALL
SELECT segment, 'arpa', arpa, customers FROM arpa
UNION ALL
SELECT segment, 'churn', 100.0 * churn, 0 FROM churn
