import type { EmailLocale } from '../domain/emails/format';
import { escapeHtml } from '../domain/emails/layout';
import type { DomainError } from '../domain/errors';
import { preferredLanguage } from './accept';
import type { HttpResult } from './api-handler';

// The label e-mail's links open the label in the customer's browser. A label the platform no longer hands out (the
// take-back cancelled, or its parcel received: 409) or not yet or not under this link (404) is told there as a short
// page in the reader's language; a program that asks for JSON gets the problem document as before.

const TEXT: Record<EmailLocale, { title: string; cancelled: string; received: string; unavailable: string; track: string }> = {
  de: {
    title: 'Kein Etikett unter diesem Link',
    cancelled: 'Diese Rückgabe ist storniert, das Etikett gilt nicht mehr. Bitte schicken Sie das Paket nicht ab.',
    received: 'Ihr Paket ist bei uns angekommen, das Etikett ist damit verbraucht.',
    unavailable: 'Dieser Link ist nicht (mehr) gültig, oder das Etikett ist noch nicht fertig.',
    track: 'Wie es um Ihre Rückgabe steht, zeigt die Seite, die Ihre E-Mail unter „Status verfolgen“ verlinkt.',
  },
  en: {
    title: 'No label at this link',
    cancelled: 'This trade-in is cancelled and its label is no longer valid. Please do not send the parcel.',
    received: 'Your parcel has arrived, so its label has been used.',
    unavailable: 'This link is not valid (any more), or the label is not ready yet.',
    track: 'Where your trade-in stands is shown on the page your e-mail links as “Track the status”.',
  },
};

/**
 * The reader's language from the browser's `Accept-Language`: German or English, whichever it prefers by its quality
 * values (then its order), English when it names neither. Until 7 December 2026 German only when it came first, so
 * `en;q=0.1, de;q=1` got English.
 */
export function readerLocale(acceptLanguage: string | undefined): EmailLocale {
  return preferredLanguage(acceptLanguage, ['en', 'de']);
}

/**
 * The page for a label refused with `refusal`: 409 for a take-back cancelled (`currentState`) or whose parcel was
 * received; otherwise not available under this link.
 *
 * @example
 * labelRefusalPage(new ConflictError('…', { currentState: 'RECEIVED' }), 'de'); // 409: "Ihr Paket ist bei uns angekommen, …"
 */
export function labelRefusalPage({ status, extensions }: Pick<DomainError, 'status' | 'extensions'>, locale: EmailLocale): HttpResult {
  const text = TEXT[locale];
  const why = status !== 409 ? text.unavailable : extensions['currentState'] === 'CANCELLED' ? text.cancelled : text.received;
  const html = [
    '<!doctype html>',
    `<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">`,
    `<title>${escapeHtml(text.title)}</title></head>`,
    '<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5">',
    `<h1>${escapeHtml(text.title)}</h1>`,
    `<p>${escapeHtml(why)}</p>`,
    `<p>${escapeHtml(text.track)}</p>`,
    '</body></html>',
  ].join('');
  return {
    status,
    binary: new TextEncoder().encode(html),
    contentType: 'text/html; charset=utf-8',
    headers: { 'cache-control': 'private, no-store', vary: 'accept, accept-language' },
  };
}
