-- Company welfare: groups of employees, the employees, and the yearly plans that fund them.
CREATE TABLE employee_groups (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  company_id  uuid NOT NULL REFERENCES companies (id),
  name        text NOT NULL CHECK (length(name) BETWEEN 2 AND 120),
  UNIQUE (company_id, name),
  UNIQUE (company_id, id)
);

CREATE TABLE employees (
  account_id              uuid PRIMARY KEY REFERENCES accounts (id),
  company_id              uuid NOT NULL REFERENCES companies (id),
  group_id                uuid NOT NULL,
  codice_fiscale          text NOT NULL UNIQUE CHECK (codice_fiscale ~ '^[A-Z0-9]{16}$'),
  badge_code              text UNIQUE CHECK (badge_code ~ '^[A-Z0-9-]{4,32}$'),
  has_dependent_children  boolean NOT NULL DEFAULT false,
  FOREIGN KEY (company_id, group_id) REFERENCES employee_groups (company_id, id)
);

CREATE TABLE welfare_plans (
  id                         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  company_id                 uuid NOT NULL,
  group_id                   uuid NOT NULL,
  plan_year                  integer NOT NULL CHECK (plan_year BETWEEN 2020 AND 2100),
  credit_per_employee_cents  integer NOT NULL CHECK (credit_per_employee_cents > 0),
  starts_on                  date NOT NULL,
  ends_on                    date NOT NULL,
  unused_credit              text NOT NULL CHECK (unused_credit IN ('expires','carries_over')),
  created_at                 timestamptz NOT NULL DEFAULT now(),
  CHECK (ends_on > starts_on),
  UNIQUE (group_id, plan_year),
  FOREIGN KEY (company_id, group_id) REFERENCES employee_groups (company_id, id)
);
