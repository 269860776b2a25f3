-- The customers who bought in the previous period (of the same length as this one), with whether
-- they bought again in this one. Read from the helper order_customers.
SELECT previous_segment AS segment, customer_id, CASE WHEN orders_in_period = 0 THEN 1 ELSE 0 END AS churned
FROM order_customers
WHERE orders_in_previous > 0
