-- The customers who bought in the period, with the number of orders they had placed by its end
-- (read from the helper order_customers, so earlier orders count).
WITH buyers AS (
    SELECT DISTINCT segment, customer_id
    FROM orders
    WHERE order_date >= ${start} AND order_date < ${end}
)
SELECT b.segment, b.customer_id, c.orders_to_end
FROM buyers b
JOIN order_customers c ON c.customer_id = b.customer_id
