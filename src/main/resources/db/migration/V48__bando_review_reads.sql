-- Bandi review (issue 22): an officer of a Comune reading the applications of its bandi (the
-- applicant's name and codice fiscale in the list; answers, household and documents in one
-- application) is in the read log, as a cooperative's admin reading bookings is.
ALTER TABLE personal_data_reads DROP CONSTRAINT personal_data_reads_what_check;
ALTER TABLE personal_data_reads ADD CONSTRAINT personal_data_reads_what_check
  CHECK (what IN ('screen-pop', 'chat-context', 'booking-details', 'person-bookings', 'provider-bookings',
                  'receipt', 'provider-receipts', 'bando-applications', 'bando-application'));
