-- Time to value (days): for customers whose start event first happens in the period, the time
-- from that start event to their first value event after it. Median is the value; part 'p90'
-- is the 90th percentile, part 'not_reached' counts customers without a value event yet.
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
),
durations AS (
    SELECT segment, (epoch(value_at) - epoch(started_at)) / 86400.0 AS days FROM cohort WHERE value_at IS NOT NULL
)
SELECT segment, CAST(NULL AS VARCHAR) AS part, quantile_cont(days, 0.5) AS value, count(*) AS n
FROM durations GROUP BY segment
UNION ALL
SELECT segment, 'p90', quantile_cont(days, 0.9), count(*) FROM durations GROUP BY segment
UNION ALL
SELECT segment, 'not_reached', count(*), count(*) FROM cohort WHERE value_at IS NULL GROUP BY segment
