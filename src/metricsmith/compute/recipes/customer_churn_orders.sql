-- Customer churn from orders: of the customers who bought in the previous period (of the same
-- length), the share (%) who did not buy in this period. Reads the helper order_customers.
SELECT previous_segment AS segment, CAST(NULL AS VARCHAR) AS part,
       100.0 * count(*) FILTER (WHERE orders_in_period = 0) / count(*) AS value, count(*) AS n
FROM order_customers
WHERE orders_in_previous > 0
GROUP BY previous_segment
