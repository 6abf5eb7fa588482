// Municipalities for the portal's "where do you live" filter and for naming the places a service
// reaches: read once from the catalog API when the page loads. If that fails, the filter offers
// "everywhere" only and places are shown by their ISTAT code.
import { api } from './sportello.js';

async function load() {
  try {
    return (await api('GET', '/api/v1/municipalities')).items;
  } catch (e) {
    return [];
  }
}

export const PLACES = await load();

export function placeName(code) {
  const place = PLACES.find(p => p.code === code);
  return place ? place.name : code;
}
