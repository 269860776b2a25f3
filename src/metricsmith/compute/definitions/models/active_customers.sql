-- The customers active in the period (any product event), with whether they used the feature.
SELECT customer_id, arg_max(segment, event_time) AS segment,
       max(CASE WHEN event_key = ${feature_event} THEN 1 ELSE 0 END) AS adopted
FROM events
WHERE event_time >= ${start} AND event_time < ${end}
GROUP BY customer_id
