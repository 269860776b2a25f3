-- Net revenue retention (%): end-month recurring revenue of the customers paying in the start
-- month (expansion included) divided by their start revenue. With reactivations included,
-- customers who had paid before the start month, paid nothing in it and pay again in the end
-- month add their end revenue to the numerator (part 'reactivated' holds that revenue).
WITH s AS (
    SELECT customer_id, any_value(segment) AS segment, sum(mrr) AS mrr
    FROM mrr WHERE month = ${mrr_start}
    GROUP BY customer_id HAVING sum(mrr) > 0
),
e AS (
    SELECT customer_id, any_value(segment) AS segment, sum(mrr) AS mrr
    FROM mrr WHERE month = ${mrr_end}
    GROUP BY customer_id HAVING sum(mrr) > 0
),
earlier AS (
    SELECT DISTINCT customer_id FROM mrr WHERE month < ${mrr_start} AND mrr > 0
),
reactivated AS (
    SELECT e.segment, e.mrr
    FROM e
    JOIN earlier ON earlier.customer_id = e.customer_id
    WHERE e.customer_id NOT IN (SELECT customer_id FROM s)
),
movements AS (
    SELECT s.segment, s.mrr AS start_mrr, coalesce(e.mrr, 0) AS end_mrr, 0 AS reactivated_mrr
    FROM s LEFT JOIN e ON e.customer_id = s.customer_id
    UNION ALL
    SELECT segment, 0, mrr, mrr FROM reactivated WHERE ${include_reactivations}
)
SELECT segment, CAST(NULL AS VARCHAR) AS part,
       100.0 * sum(end_mrr) / nullif(sum(start_mrr), 0) AS value, count(*) FILTER (WHERE start_mrr > 0) AS n
FROM movements GROUP BY segment
UNION ALL
SELECT segment, 'reactivated' AS part, sum(reactivated_mrr) AS value, count(*) FILTER (WHERE reactivated_mrr > 0) AS n
FROM movements GROUP BY segment
