-- Repeat purchase rate: of the customers who bought in the period, the share (%)
-- who have bought at least twice by the end of the period (earlier orders count).
-- Reads the helper order_customers (orders_to_end per customer).
WITH buyers AS (
    SELECT DISTINCT segment, customer_id
    FROM orders
    WHERE order_date >= ${start} AND order_date < ${end}
)
SELECT
    b.segment,
    CAST(NULL AS VARCHAR) AS part,
    100.0 * count(*) FILTER (WHERE c.orders_to_end >= 2) / count(*) AS value,
    count(*) AS n
FROM buyers b
JOIN order_customers c ON c.customer_id = b.customer_id
GROUP BY b.segment
