// The words of the HR admin's year of plan use (azienda.html), Italian first; every key in English too.
import { words } from './sportello.js';

words({
  it: {
    'pu.title': 'L’uso del piano nell’anno',
    'pu.intro': 'Il credito welfare usato dai dipendenti, al netto dei rimborsi, per area e per mese. Solo totali.',
    'pu.year': 'Anno', 'pu.show': 'Mostra l’anno', 'pu.err.year': 'Scrivi l’anno con quattro cifre, per esempio 2026.',
    'pu.caption': 'Credito welfare usato nel {year}, per area e mese (euro, al netto dei rimborsi)',
    'pu.col.area': 'Area', 'pu.col.year': 'Anno', 'pu.total': 'Totale', 'pu.people': 'Persone',
    'pu.hidden': 'non mostrato', 'pu.none': 'Nessun credito usato in quest’anno.',
    'pu.granted': 'Credito assegnato con i piani dell’anno: {granted}.', 'pu.used': 'Usato: {used}.',
    'pu.usedHidden': 'L’usato non è mostrato: meno di {n} persone lo hanno usato.',
    'pu.note': 'Celle con meno di {n} persone non mostrate: non le mostriamo, e con loro non mostriamo le altre celle o i totali da cui si potrebbero ricavare per differenza.',
  },
  en: {
    'pu.title': 'The plan’s use over the year',
    'pu.intro': 'The welfare credit your employees used, net of refunds, by area and month. Totals only.',
    'pu.year': 'Year', 'pu.show': 'Show the year', 'pu.err.year': 'Write the year with four digits, for example 2026.',
    'pu.caption': 'Welfare credit used in {year}, by area and month (euro, net of refunds)',
    'pu.col.area': 'Area', 'pu.col.year': 'Year', 'pu.total': 'Total', 'pu.people': 'People',
    'pu.hidden': 'not shown', 'pu.none': 'No credit used this year.',
    'pu.granted': 'Credit granted by this year’s plans: {granted}.', 'pu.used': 'Used: {used}.',
    'pu.usedHidden': 'The amount used is not shown: fewer than {n} people used it.',
    'pu.note': 'Cells with fewer than {n} people are not shown, nor are the other cells or totals they could be worked out from by subtraction.',
  },
});
