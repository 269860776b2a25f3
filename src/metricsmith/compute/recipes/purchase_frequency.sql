-- Purchase frequency: orders per buying customer in the period.
SELECT
    segment,
    CAST(NULL AS VARCHAR) AS part,
    count(*) * 1.0 / count(DISTINCT customer_id) AS value,
    count(*) AS n
FROM orders
WHERE order_date >= ${start} AND order_date < ${end}
GROUP BY segment
