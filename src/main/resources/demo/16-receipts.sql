-- Legal data of the demo cooperatives, printed on their receipts (a cooperative's codice fiscale is
-- its partita IVA). Without it a cooperative's payments wait for their receipts.
UPDATE providers p SET legal_name = d.legal_name, legal_address = d.legal_address, fiscal_code = p.vat_number
  FROM (VALUES
    ('10000000-0000-4000-8000-000000000001'::uuid, 'Il Germoglio Società Cooperativa Sociale Onlus', 'Via Borgo Palazzo 88, 24125 Bergamo (BG)'),
    ('10000000-0000-4000-8000-000000000002'::uuid, 'La Lanterna Società Cooperativa Sociale Onlus', 'Via Nazionale 45, 24068 Seriate (BG)'),
    ('10000000-0000-4000-8000-000000000003'::uuid, 'Mani Operose Società Cooperativa Sociale', 'Via Bergamo 12, 24044 Dalmine (BG)'),
    ('10000000-0000-4000-8000-000000000004'::uuid, 'Il Sentiero Società Cooperativa Sociale', 'Viale Piave 20, 24047 Treviglio (BG)'),
    ('10000000-0000-4000-8000-000000000005'::uuid, 'Progetto Aurora Società Cooperativa Sociale', 'Via dei Contarini 7, 35016 Piazzola sul Brenta (PD)'),
    ('10000000-0000-4000-8000-000000000006'::uuid, 'Il Melograno Società Cooperativa Sociale Onlus', 'Via Roma 31, 35010 Limena (PD)'),
    ('10000000-0000-4000-8000-000000000007'::uuid, 'Terra e Lavoro Società Cooperativa Sociale', 'Via Straelle 3, 35010 Campo San Martino (PD)'),
    ('10000000-0000-4000-8000-000000000008'::uuid, 'Acquamarina Società Cooperativa Sociale', 'Via Tiziano Aspetti 120, 35132 Padova (PD)'),
    ('10000000-0000-4000-8000-000000000009'::uuid, 'Girotondo Società Cooperativa Sociale', 'Via Emilia Est 210, 41121 Modena (MO)'),
    ('10000000-0000-4000-8000-000000000010'::uuid, 'Argento Vivo Società Cooperativa Sociale', 'Corso Alberto Pio 14, 41012 Carpi (MO)'),
    ('10000000-0000-4000-8000-000000000011'::uuid, 'La Bottega del Tempo Società Cooperativa Sociale', 'Via Radici in Piano 50, 41049 Sassuolo (MO)'),
    ('10000000-0000-4000-8000-000000000012'::uuid, 'Il Mosaico Società Cooperativa Sociale', 'Via Giardini 8, 41043 Formigine (MO)'),
    ('10000000-0000-4000-8000-000000000013'::uuid, 'Fili d''Erba Società Cooperativa Sociale', 'Via Dante 25, 26100 Cremona (CR)'),
    ('10000000-0000-4000-8000-000000000014'::uuid, 'Casa Aperta Società Cooperativa Sociale', 'Via Mazzini 40, 26013 Crema (CR)'),
    ('10000000-0000-4000-8000-000000000015'::uuid, 'Radici e Ali Società Cooperativa Sociale', 'Via Palestro 17, 26100 Cremona (CR)'),
    ('10000000-0000-4000-8000-000000000016'::uuid, 'Opera Viva Società Cooperativa Sociale', 'Corso Garibaldi 60, 26100 Cremona (CR)')
  ) AS d (id, legal_name, legal_address)
 WHERE p.id = d.id;
