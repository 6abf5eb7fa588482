-- The ISEE an application was submitted with (the applicant's declaration valid on the day it was
-- received): a score ranking reads this one, so a declaration changed after submitting never
-- moves an application up or down. NULL for applications before V52 (and for applicants with no
-- valid declaration): the ranking then looks the declaration up as before.
ALTER TABLE bando_applications ADD COLUMN isee_cents bigint CHECK (isee_cents >= 0);
