// What a provider is and what a shop sells, in Italian and English: the words of every page that
// shows providers' kinds or shops' categories (the officer's page, the public shops page, the
// supervisor's "Enti" tab).
import { words } from './sportello.js';

words({
  it: {
    'providerKind.cooperative': 'Cooperativa sociale', 'providerKind.municipality': 'Comune',
    'providerKind.association': 'Associazione', 'providerKind.shop': 'Esercizio commerciale',
    'category.groceries': 'Alimentari', 'category.pharmacy': 'Farmacia', 'category.butcher': 'Macelleria',
    'category.bakery': 'Panificio', 'category.greengrocer': 'Frutta e verdura', 'category.household': 'Casa e igiene',
    'category.stationery': 'Cartoleria', 'category.other': 'Altro',
  },
  en: {
    'providerKind.cooperative': 'Social cooperative', 'providerKind.municipality': 'Municipality',
    'providerKind.association': 'Association', 'providerKind.shop': 'Shop',
    'category.groceries': 'Groceries', 'category.pharmacy': 'Pharmacy', 'category.butcher': 'Butcher',
    'category.bakery': 'Bakery', 'category.greengrocer': 'Greengrocer', 'category.household': 'Household',
    'category.stationery': 'Stationery', 'category.other': 'Other',
  },
});
