-- A sold-out time of an event has a waiting line too (issue 24): whoever joins it says which tickets
-- they want ({"intero": 2, "ridotto": 1}, by the event's ticket type codes). When seats free up the
-- offered hold is priced with the event's ticket types of that moment and issues the tickets, as a
-- purchase does; an entry without tickets waits for places at the tariff, as before.
ALTER TABLE waitlist_entries ADD COLUMN tickets jsonb
  CHECK (tickets IS NULL OR jsonb_typeof(tickets) = 'object');
