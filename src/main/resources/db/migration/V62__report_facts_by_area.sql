-- The network's and an area's reports read report_facts from one covering index on (area, starts_at)
-- instead of V61's two: an area's period is one contiguous stretch of it that holds every column a
-- report adds up (V61's plain area index sent each of a year's 190,000 rows of an area to the
-- table), and the network's period is that stretch in each area, which PostgreSQL 18 reads with a
-- skip scan over the handful of areas (a whole year it reads with a parallel scan of the table). One
-- wide index instead of two also halves what every refresh of a booking writes into them.
DROP INDEX report_facts_start_idx;
DROP INDEX report_facts_area_idx;
CREATE INDEX report_facts_area_idx ON report_facts (area, starts_at) INCLUDE (ends_at, month, is_booking, month_no, person_key,
  area_bit, places, wait_minutes, home_care, camp, employee, codice_fiscale, minutes, delivered, no_shows, recorded,
  welfare_credit_payments, welfare_credit_cents, voucher_payments, voucher_cents, card_payments, card_cents,
  at_provider_payments, at_provider_cents);

-- The camps and the home care a report counts are a fifth of the rows each: over the network or an
-- area their parts of a report read them from these indexes alone instead of every row of the
-- period. The other scopes start from their entity's index, which already narrows a year to a few
-- thousand rows.
CREATE INDEX report_facts_camp_idx ON report_facts (starts_at) INCLUDE (ends_at, month, is_booking, person_key, places, area)
  WHERE camp;
CREATE INDEX report_facts_home_care_idx ON report_facts (starts_at) INCLUDE (month, is_booking, person_key, codice_fiscale, minutes, area)
  WHERE home_care;
