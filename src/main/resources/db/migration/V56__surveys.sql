-- The employees' needs survey (issue 23, point 5). A survey is the network's (company_id NULL:
-- for the employees of every company) or one company's (for its employees only).
CREATE TABLE surveys (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  company_id  uuid REFERENCES companies (id),
  title       text NOT NULL CHECK (length(title) BETWEEN 3 AND 200),
  opens_on    date NOT NULL,
  closes_on   date NOT NULL,
  created_by  text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  CHECK (closes_on >= opens_on)
);
CREATE INDEX surveys_company_idx ON surveys (company_id);

-- Who has answered: one row per survey and person, written in the same transaction as the answer
-- (its primary key is what keeps one answer per employee). No time, nothing of the answer.
CREATE TABLE survey_respondents (
  survey_id  uuid NOT NULL REFERENCES surveys (id),
  person     uuid NOT NULL REFERENCES accounts (id),
  PRIMARY KEY (survey_id, person)
);

-- The answers, with nothing that names or orders the person: no account, no time, a random key
-- that changes at every shuffle; the respondent's company (results are per company) and the
-- municipality where they would use the services. Never edited: UPDATE is refused, and rows are
-- deleted only by the shuffle that rewrites the survey's answers in random order after each answer
-- (SurveyRepository.answer), so neither xmin nor the rows' physical order says whose answer is whose.
CREATE TABLE survey_answers (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  survey_id     uuid NOT NULL REFERENCES surveys (id),
  company_id    uuid NOT NULL REFERENCES companies (id),
  municipality  text NOT NULL REFERENCES municipalities (istat_code),
  areas         text[] NOT NULL CHECK (cardinality(areas) <= 10),
  services      text[] NOT NULL CHECK (services <@ ARRAY['after_school','summer_camp','babysitting','home_care',
                  'elderly_day_centre','physiotherapy','psychological_support','tutoring','errands','laundry']::text[]),
  times         text[] NOT NULL CHECK (times <@ ARRAY['weekday_morning','weekday_afternoon','weekday_evening','weekend']::text[]),
  free_text     text CHECK (length(free_text) BETWEEN 1 AND 1000 AND free_text !~ '[\x01-\x08\x0B\x0C\x0E-\x1F\x7F]')
);
CREATE INDEX survey_answers_survey_idx ON survey_answers (survey_id, company_id);
CREATE INDEX survey_answers_municipality_idx ON survey_answers (municipality);

CREATE FUNCTION survey_answers_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND current_setting('sportello.survey_work', true) = 'shuffle' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'a survey answer is never changed' USING ERRCODE = 'check_violation',
    CONSTRAINT = 'survey_answer_unchanged';
END $$;
CREATE TRIGGER survey_answers_unchanged BEFORE UPDATE OR DELETE ON survey_answers
  FOR EACH ROW EXECUTE FUNCTION survey_answers_guard();

-- An area wished must be a service area (an array cannot carry a foreign key).
CREATE FUNCTION survey_answer_areas_known() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM unnest(NEW.areas) a WHERE a NOT IN (SELECT code FROM service_areas)) THEN
    RAISE EXCEPTION 'unknown service area' USING ERRCODE = 'check_violation', CONSTRAINT = 'survey_answer_areas_known';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER survey_answer_areas_known BEFORE INSERT ON survey_answers
  FOR EACH ROW EXECUTE FUNCTION survey_answer_areas_known();
