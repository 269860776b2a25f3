-- Revenue churn (%): recurring revenue lost to cancellations and downgrades of the customers
-- paying in the start month, divided by their start revenue (expansion does not offset it).
WITH s AS (
    SELECT customer_id, any_value(segment) AS segment, sum(mrr) AS mrr
    FROM mrr WHERE month = ${mrr_start}
    GROUP BY customer_id HAVING sum(mrr) > 0
),
e AS (
    SELECT customer_id, sum(mrr) AS mrr FROM mrr WHERE month = ${mrr_end} GROUP BY customer_id
)
SELECT s.segment, CAST(NULL AS VARCHAR) AS part,
       100.0 * sum(greatest(s.mrr - coalesce(e.mrr, 0), 0)) / sum(s.mrr) AS value, count(*) AS n
FROM s LEFT JOIN e ON e.customer_id = s.customer_id
GROUP BY s.segment
