/**
 * Addresses of the web app's customer pages (`web/`), which the e-mails link to: the web app's
 * origin is CloudFront's in AWS and the API's own locally (`npm start`).
 */

/**
 * The tracking page of a take-back, `/track/{id}?token=`, with its customer's token.
 *
 * @example
 * trackingPageUrl('https://d1.cloudfront.net/', '01J…', 'abc'); // 'https://d1.cloudfront.net/track/01J…?token=abc'
 */
export function trackingPageUrl(webBaseUrl: string, passportId: string, token: string): string {
  return `${webBaseUrl.replace(/\/+$/, '')}/track/${encodeURIComponent(passportId)}?token=${encodeURIComponent(token)}`;
}

/**
 * A brand's trade-in form, `/trade-in/{brand}`.
 *
 * @example
 * tradeInPageUrl('http://localhost:3000', 'demo'); // 'http://localhost:3000/trade-in/demo'
 */
export function tradeInPageUrl(webBaseUrl: string, brand: string): string {
  return `${webBaseUrl.replace(/\/+$/, '')}/trade-in/${encodeURIComponent(brand)}`;
}
