-- Time to first reorder: days from a customer's first order to the second one (an order on a
-- later date), for customers whose second order falls in the period. Median is the value;
-- the 90th percentile is reported as part 'p90'. Reads the helper order_customers.
WITH gaps AS (
    SELECT second_segment AS segment, date_diff('day', first_day, CAST(second_at AS DATE)) AS days
    FROM order_customers
    WHERE second_at >= ${start} AND second_at < ${end}
)
SELECT segment, CAST(NULL AS VARCHAR) AS part, quantile_cont(days, 0.5) AS value, count(*) AS n
FROM gaps GROUP BY segment
UNION ALL
SELECT segment, 'p90' AS part, quantile_cont(days, 0.9) AS value, count(*) AS n
FROM gaps GROUP BY segment
