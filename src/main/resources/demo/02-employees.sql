-- Employees of the demo companies. Runs after the accounts from accounts.json are inserted.
-- Codici fiscali are syntactically valid (check character computed) but belong to fictional people.
-- The codice fiscale is the person's (accounts), the badge and group the employment's (employees).
WITH listed (account_id, company_id, group_id, codice_fiscale, badge_code, has_dependent_children) AS (VALUES
  ((SELECT id FROM accounts WHERE username = 'dipendente'),
   (SELECT id FROM companies WHERE vat_number = '23187450160'),
   (SELECT g.id FROM employee_groups g JOIN companies c ON c.id = g.company_id
     WHERE c.vat_number = '23187450160' AND g.name = 'Impiegati'),
   'FRRLCU86C14A794T', 'BG-000117', true),
  ((SELECT id FROM accounts WHERE username = 'sara.locatelli'),
   (SELECT id FROM companies WHERE vat_number = '23187450160'),
   (SELECT g.id FROM employee_groups g JOIN companies c ON c.id = g.company_id
     WHERE c.vat_number = '23187450160' AND g.name = 'Impiegati'),
   'LCTSRA90L62I628W', 'BG-000134', true),
  ((SELECT id FROM accounts WHERE username = 'marco.pesenti'),
   (SELECT id FROM companies WHERE vat_number = '23187450160'),
   (SELECT g.id FROM employee_groups g JOIN companies c ON c.id = g.company_id
     WHERE c.vat_number = '23187450160' AND g.name = 'Operai e turnisti'),
   'PSNMRC79S05A794T', 'BG-000151', true),
  ((SELECT id FROM accounts WHERE username = 'elena.rota'),
   (SELECT id FROM companies WHERE vat_number = '23187450160'),
   (SELECT g.id FROM employee_groups g JOIN companies c ON c.id = g.company_id
     WHERE c.vat_number = '23187450160' AND g.name = 'Operai e turnisti'),
   'RTOLNE94B68L400O', 'BG-000168', false),
  ((SELECT id FROM accounts WHERE username = 'davide.gritti'),
   (SELECT id FROM companies WHERE vat_number = '23187450160'),
   (SELECT g.id FROM employee_groups g JOIN companies c ON c.id = g.company_id
     WHERE c.vat_number = '23187450160' AND g.name = 'Operai e turnisti'),
   'GRTDVD72P17D245X', 'BG-000185', false),
  ((SELECT id FROM accounts WHERE username = 'francesca.bertoni'),
   (SELECT id FROM companies WHERE vat_number = '19876320367'),
   (SELECT g.id FROM employee_groups g JOIN companies c ON c.id = g.company_id
     WHERE c.vat_number = '19876320367' AND g.name = 'Impiegati'),
   'BRTFNC88E49F257V', 'MO-000117', true),
  ((SELECT id FROM accounts WHERE username = 'stefano.malagoli'),
   (SELECT id FROM companies WHERE vat_number = '19876320367'),
   (SELECT g.id FROM employee_groups g JOIN companies c ON c.id = g.company_id
     WHERE c.vat_number = '19876320367' AND g.name = 'Operai e turnisti'),
   'MLGSFN83T01I462W', 'MO-000134', true),
  ((SELECT id FROM accounts WHERE username = 'chiara.barbieri'),
   (SELECT id FROM companies WHERE vat_number = '19876320367'),
   (SELECT g.id FROM employee_groups g JOIN companies c ON c.id = g.company_id
     WHERE c.vat_number = '19876320367' AND g.name = 'Impiegati'),
   'BRBCHR96M59B819K', 'MO-000151', false),
  ((SELECT id FROM accounts WHERE username = 'andrea.tosi'),
   (SELECT id FROM companies WHERE vat_number = '19876320367'),
   (SELECT g.id FROM employee_groups g JOIN companies c ON c.id = g.company_id
     WHERE c.vat_number = '19876320367' AND g.name = 'Operai e turnisti'),
   'TSONDR75D03D711H', 'MO-000168', false),
  ((SELECT id FROM accounts WHERE username = 'paolo.ghisolfi'),
   (SELECT id FROM companies WHERE vat_number = '16543290197'),
   (SELECT g.id FROM employee_groups g JOIN companies c ON c.id = g.company_id
     WHERE c.vat_number = '16543290197' AND g.name = 'Operai e turnisti'),
   'GHSPLA81H25D150K', 'CR-000117', true),
  ((SELECT id FROM accounts WHERE username = 'valentina.bodini'),
   (SELECT id FROM companies WHERE vat_number = '16543290197'),
   (SELECT g.id FROM employee_groups g JOIN companies c ON c.id = g.company_id
     WHERE c.vat_number = '16543290197' AND g.name = 'Impiegati'),
   'BDNVNT91R52D142F', 'CR-000134', true),
  ((SELECT id FROM accounts WHERE username = 'giorgio.manfredi'),
   (SELECT id FROM companies WHERE vat_number = '16543290197'),
   (SELECT g.id FROM employee_groups g JOIN companies c ON c.id = g.company_id
     WHERE c.vat_number = '16543290197' AND g.name = 'Impiegati'),
   'MNFGRG68A30D150X', 'CR-000151', false),
  ((SELECT id FROM accounts WHERE username = 'ioana.popescu'),
   (SELECT id FROM companies WHERE vat_number = '16543290197'),
   (SELECT g.id FROM employee_groups g JOIN companies c ON c.id = g.company_id
     WHERE c.vat_number = '16543290197' AND g.name = 'Operai e turnisti'),
   'PPSNIO87S61Z129M', 'CR-000168', true),
  ((SELECT id FROM accounts WHERE username = 'anna.ruggeri'),
   (SELECT id FROM companies WHERE vat_number = '16543290197'),
   (SELECT g.id FROM employee_groups g JOIN companies c ON c.id = g.company_id
     WHERE c.vat_number = '16543290197' AND g.name = 'Operai e turnisti'),
   'RGGNNA85C47G224E', 'CR-000185', false)),
     person AS (UPDATE accounts a SET codice_fiscale = l.codice_fiscale FROM listed l
                 WHERE a.id = l.account_id AND a.codice_fiscale IS NULL)
INSERT INTO employees (account_id, company_id, group_id, badge_code, has_dependent_children)
SELECT account_id, company_id, group_id, badge_code, has_dependent_children FROM listed
ON CONFLICT DO NOTHING;

-- The demo citizen has a codice fiscale too, so that she can use a town Social Point with her PIN.
UPDATE accounts SET codice_fiscale = 'MZZGLI84C52A794B' WHERE username = 'cittadino' AND codice_fiscale IS NULL;
