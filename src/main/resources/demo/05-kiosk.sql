-- Kiosk demo: the demo employees' wallets for the plans in force today are funded, as their HR
-- would do through POST /api/v1/welfare/plans/{id}/fund, so that they can pay at the welfare point.
-- PINs are set by DemoData (hashed with Argon2id); plans of later years are left for HR to fund.
WITH funded AS (
  INSERT INTO wallets (account_id, plan_id, balance_cents)
  SELECT e.account_id, p.id, p.credit_per_employee_cents
    FROM employees e JOIN welfare_plans p ON p.group_id = e.group_id
   WHERE p.starts_on <= (now() AT TIME ZONE 'Europe/Rome')::date AND p.ends_on >= (now() AT TIME ZONE 'Europe/Rome')::date
  ON CONFLICT DO NOTHING
  RETURNING account_id, plan_id, balance_cents)
INSERT INTO wallet_ledger (account_id, plan_id, amount_cents, kind, actor)
SELECT account_id, plan_id, balance_cents, 'fund', 'demo' FROM funded;
