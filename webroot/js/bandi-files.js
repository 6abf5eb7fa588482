// What bando.html and le-mie-domande.html share: a chosen file checked before it is sent (PDF, JPEG
// or PNG by its first bytes, as the server reads it, and at most 5 MB), the path a file is sent to,
// and the badge of a bando's phase.
import { t } from './sportello.js';
import './bandi-words.js';

export const MAX_BYTES = 5 * 1024 * 1024;
export const ACCEPT = '.pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png';
const MAGIC = [[0x25, 0x50, 0x44, 0x46, 0x2d], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], [0xff, 0xd8, 0xff]];

/** Null when {@code file} may be sent, else what is wrong with it, in words. */
export async function fileProblem(file) {
  if (!file) return null;
  if (file.size === 0) return t('bd.upload.empty');
  if (file.size > MAX_BYTES) return t('bd.upload.size');
  const head = new Uint8Array(await file.slice(0, 8).arrayBuffer());
  return MAGIC.some(m => m.every((b, i) => head[i] === b)) ? null : t('bd.upload.type');
}

/** The path a file is sent to, with its kind and name. */
export function uploadPath(base, kind, file) {
  return base + '?kind=' + encodeURIComponent(kind) + '&filename=' + encodeURIComponent(file.name);
}

/** The badge's colours for a bando's phase (open, upcoming, closed). */
export function badge(phase) {
  return phase === 'open' ? 'bg-success' : phase === 'upcoming' ? 'bg-warning text-dark' : 'bg-secondary';
}
