-- For LTV from recurring revenue: the customers paying in the end month (end_mrr) and those paying
-- in the month before (in_start = 1; churned = 1 when they pay nothing in the end month). A
-- customer's segment is the end month's, else the month before's.
WITH s AS (
    SELECT customer_id, min(segment) AS segment, sum(mrr) AS mrr
    FROM mrr WHERE month = ${ltv_start} GROUP BY customer_id HAVING sum(mrr) > 0
),
e AS (
    SELECT customer_id, min(segment) AS segment, sum(mrr) AS mrr
    FROM mrr WHERE month = ${mrr_end} GROUP BY customer_id HAVING sum(mrr) > 0
)
SELECT coalesce(e.segment, s.segment) AS segment, coalesce(e.customer_id, s.customer_id) AS customer_id,
       e.mrr AS end_mrr,
       CASE WHEN s.customer_id IS NOT NULL THEN 1 ELSE 0 END AS in_start,
       CASE WHEN s.customer_id IS NOT NULL AND e.customer_id IS NULL THEN 1 ELSE 0 END AS churned
FROM e FULL OUTER JOIN s ON s.customer_id = e.customer_id
