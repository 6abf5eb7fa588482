-- Kiosk devices are staff equipment: registering and revoking one goes in the staff change log
-- too (issue 20: "every change audited"). A row names an account or a device, never both.
ALTER TABLE staff_audit ALTER COLUMN target DROP NOT NULL;
ALTER TABLE staff_audit ADD COLUMN kiosk_device uuid REFERENCES kiosk_devices (id);
ALTER TABLE staff_audit ADD CONSTRAINT staff_audit_one_target CHECK ((target IS NULL) <> (kiosk_device IS NULL));
ALTER TABLE staff_audit DROP CONSTRAINT staff_audit_action_check;
ALTER TABLE staff_audit ADD CONSTRAINT staff_audit_action_check
  CHECK (action IN ('created', 'changed', 'disabled', 'enabled', 'revoked'));
