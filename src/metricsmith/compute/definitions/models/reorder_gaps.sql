-- Customers whose second order (an order on a later date than the first) falls in the period,
-- with the days from the first order to it. Reads the helper order_customers.
SELECT second_segment AS segment, customer_id, date_diff('day', first_day, CAST(second_at AS DATE)) AS days
FROM order_customers
WHERE second_at >= ${start} AND second_at < ${end}
