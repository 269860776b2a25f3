-- The support tickets opened in the period.
SELECT segment, customer_id, resolved, first_contact_resolved, coalesce(contacts, 1) AS contacts
FROM tickets
WHERE opened_at >= ${start} AND opened_at < ${end}
