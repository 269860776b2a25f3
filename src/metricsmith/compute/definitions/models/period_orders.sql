-- The period's orders (cancelled orders were removed when the table was checked), one row each.
SELECT segment, customer_id, amount, is_returned, coalesce(return_reason, '(no reason given)') AS return_reason
FROM orders
WHERE order_date >= ${start} AND order_date < ${end}
