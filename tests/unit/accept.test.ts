import { describe, expect, it } from 'vitest';
import { NotAcceptableError, preferredMediaType } from '../../shared/http/accept';

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
});
