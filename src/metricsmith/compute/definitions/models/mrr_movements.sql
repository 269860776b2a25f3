-- Recurring revenue of the customers paying in the start month, beside what they pay in the end
-- month (start_mrr > 0), plus reactivations: customers who had paid before the start month, paid
-- nothing in it and pay in the end month (start_mrr = 0, reactivated = 1).
-- A customer's segment is the smallest one on record in the month (one, almost always).
WITH s AS (
    SELECT customer_id, min(segment) AS segment, sum(mrr) AS mrr
    FROM mrr WHERE month = ${mrr_start}
    GROUP BY customer_id HAVING sum(mrr) > 0
),
e AS (
    SELECT customer_id, min(segment) AS segment, sum(mrr) AS mrr
    FROM mrr WHERE month = ${mrr_end}
    GROUP BY customer_id HAVING sum(mrr) > 0
),
earlier AS (
    SELECT DISTINCT customer_id FROM mrr WHERE month < ${mrr_start} AND mrr > 0
)
SELECT s.segment, s.customer_id, s.mrr AS start_mrr, coalesce(e.mrr, 0) AS end_mrr, 0 AS reactivated
FROM s LEFT JOIN e ON e.customer_id = s.customer_id
UNION ALL
SELECT e.segment, e.customer_id, 0, e.mrr, 1
FROM e
JOIN earlier ON earlier.customer_id = e.customer_id
WHERE e.customer_id NOT IN (SELECT customer_id FROM s)
