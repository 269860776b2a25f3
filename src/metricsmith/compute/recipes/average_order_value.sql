-- Average order value: revenue of the period's orders divided by their number.
-- Input: orders(customer_id, order_id, order_date, amount, segment); cancelled orders already excluded.
SELECT
    segment,
    CAST(NULL AS VARCHAR) AS part,
    sum(amount) / count(*) AS value,
    count(*) AS n
FROM orders
WHERE order_date >= ${start} AND order_date < ${end}
GROUP BY segment
