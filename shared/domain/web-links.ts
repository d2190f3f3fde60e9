/**
 * Addresses of the web app's customer pages (`web/`), which the e-mails link to: the web app's
 * origin is CloudFront's in AWS and the API's own locally (`npm start`).
 *
 * Each carries the customer's language (`lang=`), which the pages take over the browser's and the
 * brand's: a customer who traded in in English reads the page in English on any browser.
 */
import type { EmailLocale } from './emails/format';

/**
 * The tracking page of a take-back, `/track/{id}?token=&lang=`, with its customer's token and language.
 *
 * @example
 * trackingPageUrl('https://d1.cloudfront.net/', '01J…', 'abc', 'en'); // 'https://d1.cloudfront.net/track/01J…?token=abc&lang=en'
 */
export function trackingPageUrl(webBaseUrl: string, passportId: string, token: string, locale: EmailLocale): string {
  return `${webBaseUrl.replace(/\/+$/, '')}/track/${encodeURIComponent(passportId)}?token=${encodeURIComponent(token)}&lang=${locale}`;
}

/**
 * A brand's trade-in form, `/trade-in/{brand}?lang=`, in its customer's language.
 *
 * @example
 * tradeInPageUrl('http://localhost:3000', 'demo', 'de'); // 'http://localhost:3000/trade-in/demo?lang=de'
 */
export function tradeInPageUrl(webBaseUrl: string, brand: string, locale: EmailLocale): string {
  return `${webBaseUrl.replace(/\/+$/, '')}/trade-in/${encodeURIComponent(brand)}?lang=${locale}`;
}
