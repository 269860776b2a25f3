-- Helper (not a metric): one row per customer who bought in the period or in the previous one,
-- with what several order recipes need, so that ten million orders are grouped by customer
-- once, not once per metric. metricsmith
-- materialises it as the table order_customers; the SQL export defines it as a view.
--   first_at / first_day / first_segment: the customer's first order;
--   orders_to_end: orders before the period end; orders_in_period, orders_in_previous: orders in
--   the period and in the previous period of the same length (previous_segment: the latest one's);
--   second_at / second_segment: the second order (the first one on a later date than the first
--   order) when it falls in the period, else NULL.
-- Finding the second order without joining every order back to its customer: with two different
-- order dates before the period, the second order is before the period; with exactly one, it is
-- the first order in the period; with none, it is found among the period's orders only.
-- The segment_first, segment_previous and segment_first_in_period parameters stand for the segment of the
-- first order, of the latest order in the previous period and of the first order in the period
-- (arg_min/arg_max of segment by order_date); without a segment split they are the constant 'all',
-- which halves the cost of this step on large tables.
WITH per_customer AS (
    SELECT
        customer_id,
        min(order_date) AS first_at,
        CAST(min(order_date) AS DATE) AS first_day,
        ${segment_first} AS first_segment,
        count(*) FILTER (WHERE order_date < ${end}) AS orders_to_end,
        count(*) FILTER (WHERE order_date >= ${start} AND order_date < ${end}) AS orders_in_period,
        count(*) FILTER (WHERE order_date >= ${prev_start} AND order_date < ${start}) AS orders_in_previous,
        ${segment_previous} AS previous_segment,
        CAST(min(order_date) FILTER (WHERE order_date < ${start}) AS DATE) AS min_day_before,
        CAST(max(order_date) FILTER (WHERE order_date < ${start}) AS DATE) AS max_day_before,
        min(order_date) FILTER (WHERE order_date >= ${start} AND order_date < ${end}) AS first_in_period,
        ${segment_first_in_period} AS first_in_period_segment
    FROM orders
    GROUP BY customer_id
),
new_in_period AS (
    -- Customers whose first order is in the period: their second order, from the period's orders.
    SELECT o.customer_id, min(o.order_date) AS second_at, arg_min(o.segment, o.order_date) AS second_segment
    FROM orders o
    JOIN per_customer c ON c.customer_id = o.customer_id
    WHERE o.order_date >= ${start} AND o.order_date < ${end}
      AND c.min_day_before IS NULL AND c.orders_in_period >= 2
      AND CAST(o.order_date AS DATE) > c.first_day
    GROUP BY o.customer_id
)
SELECT
    c.customer_id, c.first_at, c.first_day, c.first_segment, c.orders_to_end, c.orders_in_period,
    c.orders_in_previous, c.previous_segment,
    CASE WHEN c.min_day_before IS NULL THEN n.second_at
         WHEN c.min_day_before = c.max_day_before THEN c.first_in_period END AS second_at,
    CASE WHEN c.min_day_before IS NULL THEN n.second_segment
         WHEN c.min_day_before = c.max_day_before THEN c.first_in_period_segment END AS second_segment
FROM per_customer c
LEFT JOIN new_in_period n ON n.customer_id = c.customer_id
WHERE c.orders_in_period > 0 OR c.orders_in_previous > 0
