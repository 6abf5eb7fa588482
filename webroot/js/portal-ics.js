// Saves a booking's calendar file. A plain link would carry no Authorization header, so the file
// is fetched with the access token and handed to the browser as a Blob.
import { t, api, Problem } from './sportello.js';
import { el } from './dom.js';

function fetchIcs(bookingId) {
  // sportello.js keeps the access token in sessionStorage under this key (it has no raw-fetch helper).
  const token = sessionStorage.getItem('sportello.access');
  const headers = { Accept: 'text/calendar' };
  if (token) headers.Authorization = 'Bearer ' + token;
  return fetch('/api/v1/bookings/' + encodeURIComponent(bookingId) + '/ics', { headers });
}

function fileName(response) {
  const disposition = response.headers.get('Content-Disposition') || '';
  const match = /filename="([^"]+)"/.exec(disposition);
  return match ? match[1] : 'prenotazione.ics';
}

/** Downloads the .ics of {@code bookingId}; resolves with the file name, rejects with a {@link Problem}. */
export async function downloadIcs(bookingId) {
  let response;
  try {
    response = await fetchIcs(bookingId);
    if (response.status === 401) {
      // An expired access token: any api() call renews it through the refresh token, then retry.
      await api('GET', '/api/v1/me');
      response = await fetchIcs(bookingId);
    }
  } catch (e) {
    if (e instanceof Problem) throw e;
    throw new Problem(0, { detail: t('error.network') });
  }
  const type = response.headers.get('Content-Type') || '';
  if (!response.ok) {
    throw new Problem(response.status, type.includes('json') ? await response.json() : { detail: t('bookings.ics.wrong') });
  }
  if (!type.startsWith('text/calendar')) throw new Problem(response.status, { detail: t('bookings.ics.wrong') });
  const blob = new Blob([await response.arrayBuffer()], { type: 'text/calendar' });
  const name = fileName(response);
  const url = URL.createObjectURL(blob);
  const link = el('a', { href: url, download: name, class: 'visually-hidden', tabindex: '-1' }, name);
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
  return name;
}
