-- Adoption rate (%): of the customers active in the period (any event), the share who used the
-- feature (had the feature event) in the period.
WITH active AS (
    SELECT customer_id, arg_max(segment, event_time) AS segment,
           count(*) FILTER (WHERE event_key = ${feature_event}) > 0 AS adopted
    FROM events
    WHERE event_time >= ${start} AND event_time < ${end}
    GROUP BY customer_id
)
SELECT segment, CAST(NULL AS VARCHAR) AS part, 100.0 * count(*) FILTER (WHERE adopted) / count(*) AS value,
       count(*) AS n
FROM active GROUP BY segment
