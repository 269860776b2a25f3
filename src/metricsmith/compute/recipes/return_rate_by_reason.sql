-- Return rate: returned orders as a share (%) of the period's orders, overall (the value)
-- and per return reason (parts 'reason:<reason>'; the per-reason shares add up to the total).
WITH period_orders AS (
    SELECT segment, is_returned, coalesce(return_reason, '(no reason given)') AS reason
    FROM orders
    WHERE order_date >= ${start} AND order_date < ${end}
),
totals AS (
    SELECT segment, count(*) AS orders, count(*) FILTER (WHERE is_returned) AS returned
    FROM period_orders GROUP BY segment
)
SELECT segment, CAST(NULL AS VARCHAR) AS part, 100.0 * returned / orders AS value, orders AS n
FROM totals
UNION ALL
SELECT t.segment, 'reason:' || p.reason AS part, 100.0 * count(*) / t.orders AS value, count(*) AS n
FROM period_orders p JOIN totals t ON t.segment = p.segment
WHERE p.is_returned
GROUP BY t.segment, t.orders, p.reason
