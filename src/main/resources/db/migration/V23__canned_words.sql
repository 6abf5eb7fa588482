-- Citizens do not know what a "welfare manager" is: the ready-made greeting the staff send says
-- "consulente", as every citizen-facing screen does (issue 18, plain words).
UPDATE chat_canned_responses
   SET text = 'Buongiorno, le risponde il servizio di consulenza. Come posso aiutarla?'
 WHERE shortcut = 'saluto' AND text = 'Buongiorno, sono il suo welfare manager. Come posso aiutarla?';
