-- Two kinds of rows for LTV from orders, told apart by is_order:
--   is_order = 1: the period's orders (amount, customer_id);
--   is_order = 0: the customers of the previous period (churned = 1 when they bought nothing in this
--   one, from the helper order_customers).
SELECT segment, customer_id, amount, 1 AS is_order, 0 AS churned
FROM orders
WHERE order_date >= ${start} AND order_date < ${end}
UNION ALL
SELECT previous_segment, CAST(NULL AS VARCHAR), CAST(NULL AS DOUBLE), 0,
       CASE WHEN orders_in_period = 0 THEN 1 ELSE 0 END
FROM order_customers
WHERE orders_in_previous > 0
