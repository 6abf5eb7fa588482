// Saves a file the API sends (a CSV statement, a receipt's PDF). A plain link would carry no
// Authorization header, so the file is fetched with the access token and handed to the browser
// as a Blob, named as the server's Content-Disposition says.
import { t, api, Problem } from './sportello.js';
import { el } from './dom.js';

function fetchWithToken(path, accept) {
  // sportello.js keeps the access token in sessionStorage under this key.
  const token = sessionStorage.getItem('sportello.access');
  const headers = { Accept: accept };
  if (token) headers.Authorization = 'Bearer ' + token;
  return fetch(path, { headers });
}

function fileName(response, fallback) {
  const disposition = response.headers.get('Content-Disposition') || '';
  const match = /filename="([^"]+)"/.exec(disposition);
  return match ? match[1] : fallback;
}

/**
 * Downloads {@code path} (a file of type {@code accept}); resolves with the file name, rejects
 * with a {@link Problem} (the server's, or a network one). An answer of another type (a proxy's
 * page, say) is refused with the words of {@code wrongTypeKey}.
 */
export async function downloadFile(path, accept, fallbackName, wrongTypeKey = 'error.generic') {
  let response;
  try {
    response = await fetchWithToken(path, accept);
    if (response.status === 401) {
      // An expired access token: any api() call renews it through the refresh token, then retry.
      await api('GET', '/api/v1/me');
      response = await fetchWithToken(path, accept);
    }
  } catch (e) {
    if (e instanceof Problem) throw e;
    throw new Problem(0, { detail: t('error.network') });
  }
  const type = response.headers.get('Content-Type') || '';
  if (!response.ok) {
    throw new Problem(response.status, type.includes('json') ? await response.json() : { detail: t(wrongTypeKey) });
  }
  if (!type.startsWith(accept)) throw new Problem(response.status, { detail: t(wrongTypeKey) });
  const blob = new Blob([await response.arrayBuffer()], { type: accept });
  const name = fileName(response, fallbackName);
  const url = URL.createObjectURL(blob);
  const link = el('a', { href: url, download: name, class: 'visually-hidden', tabindex: '-1' }, name);
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
  return name;
}
