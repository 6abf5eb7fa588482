-- An area the network stops offering (areas.culture false, V67) takes its services off the
-- citizens' screens too: they are no longer found, shown or booked anew. What was booked or bought
-- before stays valid (the bookings, their tickets, their reminders), and the cooperative still sees
-- and edits the services, which come back as they were if the area is offered again.
-- One name for the rule, read wherever a service is found or booked with the retired check.
CREATE FUNCTION area_offered(area text) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT coalesce((SELECT offered FROM service_areas WHERE code = area), false)
$$;
