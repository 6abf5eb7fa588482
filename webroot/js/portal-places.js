// Municipalities the portal offers in its "where do you live" filter (ISTAT codes). The catalog
// API has no list of municipalities yet, so the portal carries the member municipalities here;
// a code missing from this list is still shown, as its code.

export const PLACES = [
  { code: '016024', name: 'Bergamo', province: 'BG' },
  { code: '028020', name: 'Campo San Martino', province: 'PD' },
  { code: '028018', name: 'Campodoro', province: 'PD' },
  { code: '036005', name: 'Carpi', province: 'MO' },
  { code: '019025', name: 'Castelleone', province: 'CR' },
  { code: '019035', name: 'Crema', province: 'CR' },
  { code: '019036', name: 'Cremona', province: 'CR' },
  { code: '016091', name: 'Dalmine', province: 'BG' },
  { code: '036015', name: 'Formigine', province: 'MO' },
  { code: '028045', name: 'Limena', province: 'PD' },
  { code: '036023', name: 'Modena', province: 'MO' },
  { code: '028060', name: 'Padova', province: 'PD' },
  { code: '028063', name: 'Piazzola sul Brenta', province: 'PD' },
  { code: '036040', name: 'Sassuolo', province: 'MO' },
  { code: '016198', name: 'Seriate', province: 'BG' },
  { code: '016207', name: 'Stezzano', province: 'BG' },
  { code: '016219', name: 'Treviglio', province: 'BG' },
  { code: '028103', name: 'Villafranca Padovana', province: 'PD' },
];

export function placeName(code) {
  const place = PLACES.find(p => p.code === code);
  return place ? place.name : code;
}
