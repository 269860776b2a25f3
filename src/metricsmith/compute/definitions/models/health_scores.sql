-- Customer health score (0–100) for the customers active in the period (any product event),
-- a weighted average of the components a customer has data for:
--   usage        = 100 × share of active customers with no more events than this one (cume_dist);
--   depth        = 100 × distinct events this customer used / distinct events used by anyone;
--   satisfaction = latest survey answer up to the period end: NPS score × 10, CSAT (score − 1) × 25;
--   support      = 100 − 25 × tickets opened in the period (not below 0), when tickets are given.
-- Weights and band thresholds come from compute's options.
WITH active AS (
    SELECT customer_id, arg_max(segment, event_time) AS segment, count(*) AS uses, count(DISTINCT event_key) AS depth
    FROM events
    WHERE event_time >= ${start} AND event_time < ${end}
    GROUP BY customer_id
),
kinds AS (
    SELECT count(DISTINCT event_key) AS kinds FROM events WHERE event_time >= ${start} AND event_time < ${end}
),
usage AS (
    SELECT customer_id, 100.0 * cume_dist() OVER (ORDER BY uses) AS usage_score FROM active
),
answers AS (
    -- Each customer's answers up to the period end, latest first; of two answers at the same
    -- time the lower score counts (a fixed order, so every engine picks the same answer).
    SELECT customer_id, CASE WHEN kind = 'nps' THEN score * 10.0 ELSE (score - 1) * 25.0 END AS sat_score,
           row_number() OVER (PARTITION BY customer_id
                              ORDER BY response_date DESC,
                                       CASE WHEN kind = 'nps' THEN score * 10.0 ELSE (score - 1) * 25.0 END) AS recency
    FROM surveys
    WHERE response_date < ${end} AND customer_id IS NOT NULL AND score IS NOT NULL AND kind IN ('nps', 'csat')
),
sat AS (
    SELECT customer_id, sat_score FROM answers WHERE recency = 1
),
sup AS (
    SELECT customer_id, count(*) AS tickets
    FROM tickets
    WHERE opened_at >= ${start} AND opened_at < ${end} AND customer_id IS NOT NULL
    GROUP BY customer_id
),
scored AS (
    SELECT a.customer_id, a.segment,
           (${w_usage} * u.usage_score
            + ${w_depth} * 100.0 * a.depth / k.kinds
            + ${w_satisfaction} * coalesce(s.sat_score, 0)
            + CASE WHEN ${has_tickets} THEN ${w_support} * greatest(0, 100 - 25 * coalesce(t.tickets, 0)) ELSE 0 END)
           / (${w_usage} + ${w_depth}
              + CASE WHEN s.sat_score IS NULL THEN 0 ELSE ${w_satisfaction} END
              + CASE WHEN ${has_tickets} THEN ${w_support} ELSE 0 END) AS score
    FROM active a
    JOIN usage u ON u.customer_id = a.customer_id
    CROSS JOIN kinds k
    LEFT JOIN sat s ON s.customer_id = a.customer_id
    LEFT JOIN sup t ON t.customer_id = a.customer_id
)
SELECT segment, customer_id, score,
       CASE WHEN score >= ${green} THEN 'green' WHEN score >= ${yellow} THEN 'yellow' ELSE 'red' END AS band
FROM scored
