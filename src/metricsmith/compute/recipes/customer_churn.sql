-- Customer churn from recurring revenue: of the customers paying in the start month, the share (%)
-- paying nothing in the end month.
WITH s AS (
    SELECT customer_id, any_value(segment) AS segment, sum(mrr) AS mrr
    FROM mrr WHERE month = ${mrr_start}
    GROUP BY customer_id HAVING sum(mrr) > 0
),
e AS (
    SELECT customer_id, sum(mrr) AS mrr FROM mrr WHERE month = ${mrr_end} GROUP BY customer_id
)
SELECT s.segment, CAST(NULL AS VARCHAR) AS part,
       100.0 * count(*) FILTER (WHERE coalesce(e.mrr, 0) = 0) / count(*) AS value, count(*) AS n
FROM s LEFT JOIN e ON e.customer_id = s.customer_id
GROUP BY s.segment
