-- 90-day retention: of the customers whose first order falls in the period, the share (%)
-- who ordered again within 90 days after it. Customers whose 90 days are not over by the
-- last order date in the data are not counted yet (reported as part 'immature').
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
),
scored AS (
    SELECT c.segment,
           c.first_at + INTERVAL 90 DAY <= (SELECT max(order_date) FROM orders) AS matured,
           r.customer_id IS NOT NULL AS retained
    FROM cohort c LEFT JOIN returned r ON r.customer_id = c.customer_id
)
SELECT segment, CAST(NULL AS VARCHAR) AS part,
       100.0 * count(*) FILTER (WHERE retained) / count(*) AS value, count(*) AS n
FROM scored WHERE matured GROUP BY segment
UNION ALL
SELECT segment, 'immature' AS part, count(*) AS value, count(*) AS n
FROM scored WHERE NOT matured GROUP BY segment
