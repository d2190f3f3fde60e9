import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../shared/domain/errors';
import { ifMatchTags } from '../../shared/http/if-match';

describe('the If-Match header (RFC 9110 §13.1.1)', () => {
  it('reads one entity tag as a list of one', () => {
    expect(ifMatchTags('"v7"')).toEqual(['"v7"']);
    expect(ifMatchTags(' "v7"\t')).toEqual(['"v7"']);
  });

  it('reads a comma-separated list, as repeated headers are joined, with the whitespace and empty elements a list may carry', () => {
    expect(ifMatchTags('"v6", "v7"')).toEqual(['"v6"', '"v7"']);
    expect(ifMatchTags('"v6","v7" ,\t"v8"')).toEqual(['"v6"', '"v7"', '"v8"']);
    expect(ifMatchTags(', "v6", , "v7",')).toEqual(['"v6"', '"v7"']);
  });

  it('leaves the weak tags out, which never match under the strong comparison If-Match asks for', () => {
    expect(ifMatchTags('W/"v7"')).toEqual([]);
    expect(ifMatchTags('W/"v6", "v7", W/"v8"')).toEqual(['"v7"']);
  });

  it('keeps a tag whole that holds a comma, a space-free run of any visible character but the quote, or none', () => {
    expect(ifMatchTags('"a,b", "x/y=z", ""')).toEqual(['"a,b"', '"x/y=z"', '""']);
    expect(ifMatchTags('"caf\u00e9"')).toEqual(['"caf\u00e9"']);
  });

  it('reads * alone as any current representation', () => {
    expect(ifMatchTags('*')).toBe('*');
    expect(ifMatchTags(' * ')).toBe('*');
  });

  it('reads an empty value as the empty list, which matches nothing', () => {
    expect(ifMatchTags('')).toEqual([]);
    expect(ifMatchTags(' , ')).toEqual([]);
  });

  it.each([
    ['an unquoted tag', 'v7'],
    ['an unclosed quote', '"v7'],
    ['two tags without a comma', '"v6" "v7"'],
    ['a lower-case weak prefix', 'w/"v7"'],
    ['a space inside the tag', '"v 7"'],
    ['* beside a tag', '*, "v7"'],
    ['a character beyond Latin-1', '"v\u0100"'],
    ['a control character', '"v\u00017"'],
  ])('refuses %s with 400 at the header', (_, header) => {
    const refused = (() => {
      try {
        return ifMatchTags(header);
      } catch (error) {
        return error;
      }
    })();
    expect(refused).toBeInstanceOf(ValidationError);
    expect((refused as ValidationError).issues).toEqual([{ in: 'header', path: ['If-Match'], message: expect.stringMatching(/^is not \* or a list of entity tags/) }]);
  });
});
