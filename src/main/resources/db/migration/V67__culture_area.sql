-- Culture and leisure (issue 24): events, guided visits and courses beside the five welfare areas,
-- for a network that wants them (its configuration, areas.culture; AreaModule sets offered at
-- start). An area not offered is not listed to the screens and no service can be published in it.
ALTER TABLE service_areas ADD COLUMN offered boolean NOT NULL DEFAULT true;

INSERT INTO service_areas (code, position, label_it, label_en)
VALUES ('culture', 6, 'Cultura e tempo libero', 'Culture and leisure');

CREATE FUNCTION services_area_offered() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT (SELECT offered FROM service_areas WHERE code = NEW.area) THEN
    RAISE EXCEPTION 'the network does not offer the area %', NEW.area
      USING ERRCODE = 'check_violation', CONSTRAINT = 'services_area_offered';
  END IF;
  RETURN NEW;
END $$;
-- A service published while the area was offered keeps working (an edit that leaves its area alone
-- is not refused); only a new service, or one moved into the area, is.
CREATE TRIGGER services_area_offered BEFORE INSERT ON services
  FOR EACH ROW EXECUTE FUNCTION services_area_offered();
CREATE TRIGGER services_area_offered_moved BEFORE UPDATE OF area ON services
  FOR EACH ROW WHEN (OLD.area IS DISTINCT FROM NEW.area) EXECUTE FUNCTION services_area_offered();
