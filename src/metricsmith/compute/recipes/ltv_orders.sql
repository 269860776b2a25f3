-- LTV from orders = average order value × purchase frequency × customer lifetime (× gross margin
-- when one is given; 1 otherwise), all per period: lifetime = 1 / customer churn (customers of the
-- previous period who did not buy in this one; read from the helper order_customers).
-- With zero churn the lifetime, and so LTV, is not defined: the value is NULL and part 'churn' = 0.
WITH period_orders AS (
    SELECT segment, customer_id, amount
    FROM orders
    WHERE order_date >= ${start} AND order_date < ${end}
),
spend AS (
    SELECT segment, sum(amount) / count(*) AS aov, count(*) * 1.0 / count(DISTINCT customer_id) AS frequency,
           count(*) AS orders
    FROM period_orders GROUP BY segment
),
churn AS (
    SELECT previous_segment AS segment, count(*) FILTER (WHERE orders_in_period = 0) * 1.0 / count(*) AS churn
    FROM order_customers
    WHERE orders_in_previous > 0
    GROUP BY previous_segment
)
SELECT s.segment, CAST(NULL AS VARCHAR) AS part,
       s.aov * s.frequency * ${gross_margin} / nullif(c.churn, 0) AS value, s.orders AS n
FROM spend s LEFT JOIN churn c ON c.segment = s.segment
UNION ALL
SELECT s.segment, 'aov', s.aov, s.orders FROM spend s
UNION ALL
SELECT s.segment, 'frequency', s.frequency, s.orders FROM spend s
UNION ALL
SELECT c.segment, 'churn', 100.0 * c.churn, 0 FROM churn c
