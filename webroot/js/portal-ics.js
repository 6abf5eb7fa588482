// Saves a booking's calendar file (fetched with the access token, see file-download.js).
import { downloadFile } from './file-download.js';

/** Downloads the .ics of {@code bookingId}; resolves with the file name, rejects with a {@link Problem}. */
export function downloadIcs(bookingId) {
  return downloadFile('/api/v1/bookings/' + encodeURIComponent(bookingId) + '/ics', 'text/calendar', 'prenotazione.ics',
    'bookings.ics.wrong');
}
