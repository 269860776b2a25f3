-- The customers whose first order falls in the period: whether they ordered again within 90 days
-- after it, and whether those 90 days are over by the last order date in the data (matured).
-- Reads the helper order_customers (first order per customer).
WITH cohort AS (
    SELECT first_segment AS segment, customer_id, first_at
    FROM order_customers
    WHERE first_at >= ${start} AND first_at < ${end}
),
returned AS (
    -- The explicit date bounds (implied by the join) let the scan skip most of the table.
    SELECT DISTINCT o.customer_id
    FROM orders o
    JOIN cohort c ON c.customer_id = o.customer_id
    WHERE o.order_date > ${start} AND o.order_date < ${end} + INTERVAL 90 DAY
      AND o.order_date > c.first_at AND o.order_date <= c.first_at + INTERVAL 90 DAY
)
SELECT c.segment, c.customer_id,
       CASE WHEN c.first_at + INTERVAL 90 DAY <= (SELECT max(order_date) FROM orders) THEN 1 ELSE 0 END AS matured,
       CASE WHEN r.customer_id IS NOT NULL THEN 1 ELSE 0 END AS retained
FROM cohort c LEFT JOIN returned r ON r.customer_id = c.customer_id
