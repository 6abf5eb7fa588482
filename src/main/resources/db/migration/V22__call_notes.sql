-- The operator's console (issue 18): the notes an operator writes about a call, during it or in
-- wrap-up, are kept with the call itself; the person the screen pop recognised is kept with it
-- too (calls.person, there since V12), so that the operator may read that person's bookings again
-- while and shortly after they talk.

ALTER TABLE calls
  ADD COLUMN notes     text CHECK (length(notes) BETWEEN 1 AND 2000),
  -- Who wrote them (the operator who handled the call) and when they were last saved.
  ADD COLUMN notes_by  text,
  ADD COLUMN notes_at  timestamptz,
  ADD CONSTRAINT calls_notes_signed CHECK ((notes IS NULL) = (notes_by IS NULL) AND (notes IS NULL) = (notes_at IS NULL));

-- "Has this operator handled a call with this person lately?" and the supervisor's day of calls.
CREATE INDEX calls_operator_person_idx ON calls (operator, person) WHERE person IS NOT NULL;
CREATE INDEX calls_arrived_idx ON calls (arrived_at);
