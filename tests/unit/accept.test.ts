import { describe, expect, it } from 'vitest';
import { asksForPage, NotAcceptableError, preferredMediaType } from '../../shared/http/accept';
import { readerLocale } from '../../shared/http/label-refusal-page';

const offered = ['application/json', 'text/csv'] as const;

describe('content negotiation', () => {
  it('answers JSON without an Accept header or for */*', () => {
    expect(preferredMediaType(undefined, offered)).toBe('application/json');
    expect(preferredMediaType('*/*', offered)).toBe('application/json');
  });

  it('answers the type the client prefers by quality, then by order', () => {
    expect(preferredMediaType('text/csv', offered)).toBe('text/csv');
    expect(preferredMediaType('text/csv;q=0.5, application/json', offered)).toBe('application/json');
    expect(preferredMediaType('text/html, text/*;q=0.8', offered)).toBe('text/csv');
  });

  it('refuses with 406 when nothing offered is accepted', () => {
    expect(() => preferredMediaType('application/pdf', offered)).toThrow(NotAcceptableError);
    expect(() => preferredMediaType('text/csv;q=0', offered)).toThrow(NotAcceptableError);
  });

  it('takes for each type the quality of the most specific range that covers it, so q=0 refuses it past a wider range', () => {
    expect(preferredMediaType('application/json;q=0, */*', offered)).toBe('text/csv');
    expect(preferredMediaType('*/*, application/json;q=0', offered)).toBe('text/csv');
    expect(preferredMediaType('text/*;q=0, */*', offered)).toBe('application/json');
    expect(preferredMediaType('text/*;q=0, text/csv;q=0.4, application/json;q=0.3', offered)).toBe('text/csv');
    expect(() => preferredMediaType('application/json;q=0, text/csv;q=0, */*', offered)).toThrow(NotAcceptableError);
    expect(preferredMediaType('text/*, */*;q=0.1', offered)).toBe('text/csv');
  });

  it('leaves out an entry whose quality is not one of 0 to 1 with up to three decimals', () => {
    // q=1e3 is no quality (it counted as 1000, above every entry of quality 1).
    expect(preferredMediaType('text/csv;q=1e3, application/json;q=0.5', offered)).toBe('application/json');
    expect(preferredMediaType('text/csv;q=1.5, application/json;q=0.001', offered)).toBe('application/json');
    expect(preferredMediaType('text/csv;q=0.0001, application/json;q=0.2', offered)).toBe('application/json');
    expect(preferredMediaType('text/csv;q=1.000, application/json;q=0.999', offered)).toBe('text/csv');
    expect(() => preferredMediaType('text/csv;q=1e3', offered)).toThrow(NotAcceptableError);
  });
});

describe("the label's refusal page or its problem", () => {
  it('answers a page to a browser, and JSON to a client that prefers JSON or problem+json', () => {
    expect(asksForPage('text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8')).toBe(true);
    expect(asksForPage('application/json')).toBe(false);
    expect(asksForPage('*/*')).toBe(false);
    expect(asksForPage(undefined)).toBe(false);
    expect(asksForPage('text/html;q=0.9, application/problem+json')).toBe(false);
    expect(asksForPage('application/problem+json;q=0.5, text/html')).toBe(true);
    expect(asksForPage('application/json;q=0.5, text/html;q=1e3')).toBe(false);
  });

  it("reads the reader's language by the quality values of Accept-Language, English when it names neither", () => {
    expect(readerLocale('de-DE,de;q=0.9,en;q=0.8')).toBe('de');
    expect(readerLocale('en;q=0.1, de;q=1')).toBe('de');
    expect(readerLocale('fr-CH, de;q=0.5')).toBe('de');
    expect(readerLocale('de;q=0.4, en-GB;q=0.6')).toBe('en');
    expect(readerLocale('de;q=1e3, en;q=0.5')).toBe('en');
    expect(readerLocale('fr')).toBe('en');
    expect(readerLocale(undefined)).toBe('en');
  });
});
