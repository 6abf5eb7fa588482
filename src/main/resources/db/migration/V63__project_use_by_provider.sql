-- project_use (V57) with each project's cooperative as a column, so that a cooperative's projects
-- are computed alone: a condition on the view's cooperative (a column it groups by) goes down into
-- it, whereas one on projects joined to it did not, and every project of the network was summed for
-- each cooperative's page. Its sums are V57's, unchanged.
CREATE OR REPLACE VIEW project_use AS
SELECT p.id AS project_id,
       count(u.booking_id) FILTER (WHERE u.sessions > 0)::bigint AS delivered_bookings,
       coalesce(sum(u.minutes), 0)::bigint                        AS delivered_minutes,
       coalesce(sum(u.cents), 0)::bigint                          AS delivered_cents,
       coalesce(sum(u.sessions), 0)::bigint                       AS delivered_sessions,
       p.provider_id
  FROM projects p
  LEFT JOIN LATERAL (
    SELECT b.id AS booking_id,
           sum(d.minutes) AS minutes,
           count(*) FILTER (WHERE d.outcome <> 'no_show') AS sessions,
           (b.price_cents::bigint * sum(CASE d.outcome
                                          WHEN 'delivered' THEN round(extract(epoch FROM s.ends_at - s.starts_at) / 60)::bigint
                                          WHEN 'partial' THEN d.minutes::bigint
                                          ELSE 0 END)::bigint)
             / greatest(1, (SELECT sum(round(extract(epoch FROM x.ends_at - x.starts_at) / 60))
                              FROM booking_sessions(b.id) x)::bigint) AS cents
      FROM bookings b
      JOIN delivery_records d ON d.booking_id = b.id
      JOIN booking_sessions(b.id) s ON s.slot_id = d.slot_id
     WHERE b.project_id = p.id
     GROUP BY b.id, b.price_cents) u ON true
 GROUP BY p.id, p.provider_id;
