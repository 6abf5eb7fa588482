// Saves a receipt's PDF (GET /api/v1/receipts/{id}/pdf). A plain link would carry no Authorization
// header, so the file is fetched with the access token and handed to the browser as a Blob.
import { t, api, Problem } from './sportello.js';
import { el } from './dom.js';

function fetchPdf(receiptId) {
  // sportello.js keeps the access token in sessionStorage under this key.
  const token = sessionStorage.getItem('sportello.access');
  const headers = { Accept: 'application/pdf' };
  if (token) headers.Authorization = 'Bearer ' + token;
  return fetch('/api/v1/receipts/' + encodeURIComponent(receiptId) + '/pdf', { headers });
}

/** Downloads the PDF of {@code receiptId}; resolves with the file name, rejects with a {@link Problem}. */
export async function downloadReceipt(receiptId) {
  let response;
  try {
    response = await fetchPdf(receiptId);
    if (response.status === 401) {
      // An expired access token: any api() call renews it through the refresh token, then retry.
      await api('GET', '/api/v1/me');
      response = await fetchPdf(receiptId);
    }
  } catch (e) {
    if (e instanceof Problem) throw e;
    throw new Problem(0, { detail: t('error.network') });
  }
  const type = response.headers.get('Content-Type') || '';
  if (!response.ok || !type.startsWith('application/pdf')) {
    throw new Problem(response.status, type.includes('json') ? await response.json() : { detail: t('receipts.wrong') });
  }
  const match = /filename="([^"]+)"/.exec(response.headers.get('Content-Disposition') || '');
  const name = match ? match[1] : 'ricevuta.pdf';
  const url = URL.createObjectURL(new Blob([await response.arrayBuffer()], { type: 'application/pdf' }));
  const link = el('a', { href: url, download: name, class: 'visually-hidden', tabindex: '-1' }, name);
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
  return name;
}
