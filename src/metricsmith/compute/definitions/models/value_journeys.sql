-- Customers whose start event first happens in the period, with the days from it to their first
-- value event after it (NULL: no value event yet).
WITH starts AS (
    SELECT customer_id, min(event_time) AS started_at, arg_min(segment, event_time) AS segment
    FROM events WHERE event_key = ${start_event}
    GROUP BY customer_id
),
cohort AS (
    SELECT s.segment, s.customer_id, min(v.event_time) AS value_at, s.started_at
    FROM starts s
    LEFT JOIN events v
        ON v.customer_id = s.customer_id AND v.event_key = ${value_event} AND v.event_time >= s.started_at
    WHERE s.started_at >= ${start} AND s.started_at < ${end}
    GROUP BY s.segment, s.customer_id, s.started_at
)
SELECT segment, customer_id, date_diff('second', started_at, value_at) / 86400.0 AS days
FROM cohort
