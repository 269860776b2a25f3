-- First contact resolution (%): tickets opened in the period and resolved at the first contact,
-- divided by the denominator the convention fcr_denominator names:
--   first_contacts: every ticket opened (each issue has one first contact);
--   resolved_contacts: the tickets resolved so far;
--   all_contacts: every contact made, repeat contacts included (sum of contacts until resolution).
WITH period_tickets AS (
    SELECT segment, resolved, first_contact_resolved, contacts
    FROM tickets
    WHERE opened_at >= ${start} AND opened_at < ${end}
)
SELECT segment, CAST(NULL AS VARCHAR) AS part,
       100.0 * count(*) FILTER (WHERE first_contact_resolved) / nullif(
           CASE ${fcr_denominator}
               WHEN 'all_contacts' THEN sum(coalesce(contacts, 1))
               WHEN 'resolved_contacts' THEN count(*) FILTER (WHERE resolved)
               ELSE count(*)
           END, 0) AS value,
       count(*) AS n
FROM period_tickets
GROUP BY segment
