// The words of the HR admin's credit-use section (azienda.html), Italian first; every key in English too.
import { words } from './sportello.js';

words({
  it: {
    'cu.title': 'Come è stato usato il credito',
    'cu.intro': 'Il credito welfare speso dai dipendenti in un mese, per area di servizio. Solo totali: un’area con meno di 5 persone è unita in «Altro»; se anche «Altro» ha meno di 5 persone non viene mostrata.',
    'cu.month': 'Mese', 'cu.monthHint': 'Anno e mese, per esempio 2026-10.', 'cu.show': 'Mostra il mese',
    'cu.err.month': 'Scegli un mese: anno e mese, per esempio 2026-10.',
    'cu.caption': 'Credito welfare speso a {month}, per area',
    'cu.col.area': 'Area', 'cu.col.people': 'Persone', 'cu.col.spent': 'Credito speso', 'cu.col.refunded': 'Rimborsato',
    'cu.col.net': 'Netto', 'cu.total': 'Totale mostrato', 'cu.other': 'Altro (aree con meno di {n} persone)',
    'cu.none': 'Nessun credito speso in questo mese.',
    'cu.noneShown': 'In questo mese meno di 5 persone hanno usato il credito: per rispetto della loro riservatezza non mostriamo i totali.',
    'cu.suppressed': 'Alcune aree, con meno di {n} persone in tutto, non sono mostrate e non sono nel totale: così nessuno può risalire a cosa ha usato un collega.',
    'cu.csv': 'Scarica i totali (CSV per Excel)', 'cu.csvDone': 'File scaricato: {name}.',
  },
  en: {
    'cu.title': 'How the credit was used',
    'cu.intro': 'The welfare credit your employees spent in a month, by service area. Totals only: an area with fewer than 5 people is merged into “Other”; if “Other” too has fewer than 5 people it is not shown.',
    'cu.month': 'Month', 'cu.monthHint': 'Year and month, for example 2026-10.', 'cu.show': 'Show the month',
    'cu.err.month': 'Choose a month: year and month, for example 2026-10.',
    'cu.caption': 'Welfare credit spent in {month}, by area',
    'cu.col.area': 'Area', 'cu.col.people': 'People', 'cu.col.spent': 'Credit spent', 'cu.col.refunded': 'Refunded',
    'cu.col.net': 'Net', 'cu.total': 'Total shown', 'cu.other': 'Other (areas with fewer than {n} people)',
    'cu.none': 'No credit spent in this month.',
    'cu.noneShown': 'Fewer than 5 people used their credit in this month: to respect their privacy we do not show the totals.',
    'cu.suppressed': 'Some areas, with fewer than {n} people in all, are not shown and are not in the total: so nobody can tell what a colleague used.',
    'cu.csv': 'Download the totals (CSV for Excel)', 'cu.csvDone': 'File downloaded: {name}.',
  },
});
