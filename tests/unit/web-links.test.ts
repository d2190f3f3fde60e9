import { describe, expect, it } from 'vitest';
import { trackingPageUrl, tradeInPageUrl } from '../../shared/domain/web-links';
import { LANDING_PATH, pageFileFor } from '../../web/pages';

describe('the links of the e-mails to the web app', () => {
  it("link the tracking page with the token encoded and the customer's language, whatever the base URL ends with", () => {
    expect(trackingPageUrl('https://d1.cloudfront.net/', '01JQ3W8Z6E5R2T7Y9U1I4O6P8A', 'a+b/c=', 'de')).toBe(
      'https://d1.cloudfront.net/track/01JQ3W8Z6E5R2T7Y9U1I4O6P8A?token=a%2Bb%2Fc%3D&lang=de',
    );
    expect(trackingPageUrl('http://localhost:3000', 'X', 'abc', 'en')).toBe('http://localhost:3000/track/X?token=abc&lang=en');
  });

  it("link a brand's trade-in form in the customer's language", () => {
    expect(tradeInPageUrl('http://localhost:3000//', 'demo', 'en')).toBe('http://localhost:3000/trade-in/demo?lang=en');
  });
});

describe('the pages of the web app', () => {
  it('give each path to the entry that owns it', () => {
    expect(pageFileFor('/trade-in/demo')).toBe('customer.html');
    expect(pageFileFor('/track/01JQ3W8Z6E5R2T7Y9U1I4O6P8A')).toBe('customer.html');
    expect(pageFileFor('/staff')).toBe('staff.html');
    expect(pageFileFor('/staff/passports/01JQ3W8Z6E5R2T7Y9U1I4O6P8A')).toBe('staff.html');
    expect(pageFileFor('/dashboard/')).toBe('dashboard.html');
  });

  it('own no other path: the API, the landing path itself and look-alikes stay unanswered', () => {
    for (const path of ['/', '/v1/brands/demo/catalog', '/trade-in', '/tracking', '/staffroom', '/dashboards', '/favicon.ico']) {
      expect(pageFileFor(path), path).toBeUndefined();
    }
    expect(pageFileFor(LANDING_PATH)).toBe('customer.html');
  });
});
