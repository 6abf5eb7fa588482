-- The five service areas of DOMAIN.md, written once: this table is where the codes and their
-- labels (one column per language) come from. Java checks its Area type against it at start and
-- the screens read it from GET /api/v1/areas; every column that names an area refers to it.

CREATE TABLE service_areas (
  code      text PRIMARY KEY CHECK (code ~ '^[a-z_]{2,40}$'),
  position  integer NOT NULL UNIQUE,
  label_it  text NOT NULL CHECK (length(label_it) BETWEEN 2 AND 80),
  label_en  text NOT NULL CHECK (length(label_en) BETWEEN 2 AND 80)
);

INSERT INTO service_areas (code, position, label_it, label_en) VALUES
  ('education', 1, 'Educazione e formazione', 'Education and training'),
  ('childhood', 2, 'Genitorialità e infanzia', 'Parenting and childhood'),
  ('elderly',   3, 'Anziani e fragilità',      'Older people and frailty'),
  ('work_life', 4, 'Conciliazione vita-lavoro', 'Work-life balance'),
  ('health',    5, 'Salute e benessere',        'Health and well-being');

ALTER TABLE services DROP CONSTRAINT services_area_check,
  ADD CONSTRAINT services_area_fkey FOREIGN KEY (area) REFERENCES service_areas (code);
ALTER TABLE chat_conversations DROP CONSTRAINT chat_conversations_topic_check,
  ADD CONSTRAINT chat_conversations_topic_fkey FOREIGN KEY (topic) REFERENCES service_areas (code);
ALTER TABLE chat_canned_responses DROP CONSTRAINT chat_canned_responses_area_check,
  ADD CONSTRAINT chat_canned_responses_area_fkey FOREIGN KEY (area) REFERENCES service_areas (code);

-- A manager's skills are an array, which a foreign key cannot cover: a trigger checks each area.
ALTER TABLE chat_managers DROP CONSTRAINT chat_managers_areas_check,
  ADD CONSTRAINT chat_managers_areas_check CHECK (cardinality(areas) > 0);

CREATE FUNCTION chat_manager_areas_known() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM unnest(NEW.areas) a WHERE a NOT IN (SELECT code FROM service_areas)) THEN
    RAISE EXCEPTION 'unknown service area in %', NEW.areas
      USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'chat_managers_areas_known';
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER chat_managers_areas_known BEFORE INSERT OR UPDATE OF areas ON chat_managers
  FOR EACH ROW EXECUTE FUNCTION chat_manager_areas_known();
