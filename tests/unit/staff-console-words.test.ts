import { describe, expect, it } from 'vitest';
import { CODE_LABELS } from '../../web/src/staff/labels';
import { jsonSyntaxError } from '../../web/src/staff/json-syntax';
import { movesOnSoon, PASSPORT_CONFLICT_WORDS, passportConflictText, passportStateOf } from '../../web/src/staff/passport-refresh';
import { WEBHOOK_URL_WORDS, webhookUrlMistake, webhookUrlRefusal } from '../../web/src/staff/webhook-url';

// The staff console's own words for what it can tell itself, and when it reads a passport again (docs/staff-console.md).

describe("a passport page's 409, in the console's words", () => {
  const conflict = { type: 'about:blank', title: 'Conflict', status: 409, detail: 'Passport 01M97 is LISTED; only a graded item waiting for its route can be routed another way.' };

  it('names the state the item is in now, in German and English', () => {
    expect(passportConflictText({ ...conflict, currentState: 'LISTED' }, PASSPORT_CONFLICT_WORDS.de, CODE_LABELS.de)).toBe(
      'Nicht gespeichert: Der Artikel ist inzwischen „Angeboten“. Die Seite zeigt jetzt seinen aktuellen Stand; entscheiden Sie danach, ob noch etwas zu tun ist.',
    );
    expect(passportConflictText({ ...conflict, currentState: 'LISTED' }, PASSPORT_CONFLICT_WORDS.en, CODE_LABELS.en)).toMatch(/^Not saved: the item is “Listed” meanwhile\. /);
  });

  it("names a colleague's route with the state, and says only that it changed when the problem names no state it knows", () => {
    expect(passportConflictText({ ...conflict, currentState: 'GRADED', currentRoute: 'REPAIR' }, PASSPORT_CONFLICT_WORDS.de, CODE_LABELS.de)).toMatch(
      /^Nicht gespeichert: Der Artikel ist inzwischen „Bewertet“, sein Weg ist jetzt „Reparatur“\. /,
    );
    expect(passportConflictText({ ...conflict, currentState: 'SOMEWHERE' }, PASSPORT_CONFLICT_WORDS.de, CODE_LABELS.de)).toMatch(/^Nicht gespeichert: Der Artikel wurde inzwischen geändert\. /);
    expect(passportConflictText(conflict, PASSPORT_CONFLICT_WORDS.de, CODE_LABELS.de)).not.toContain('LISTED');
  });

  it('reads the state a 409 names, for the receiving page as for the passport page, and none it does not know', () => {
    expect(passportStateOf({ ...conflict, currentState: 'CANCELLED' })).toBe('CANCELLED');
    expect(passportStateOf({ ...conflict, currentState: 'SOMEWHERE' })).toBeUndefined();
    expect(passportStateOf({ ...conflict, currentState: 'constructor' })).toBeUndefined();
    expect(passportStateOf(conflict)).toBeUndefined();
  });
});

describe('a passport the workflows move on within seconds', () => {
  const route = { route: 'RESELL' as const, reason: 'ECONOMICS', decidedAt: '2026-12-07T08:00:00.000Z' } as never;
  it('is a graded one with its route and a repaired one; one waiting for a person or a parcel is not', () => {
    expect(movesOnSoon({ state: 'GRADED', route })).toBe(true);
    expect(movesOnSoon({ state: 'REPAIRED', route })).toBe(true);
    expect(movesOnSoon({ state: 'GRADED', route: undefined })).toBe(false);
    for (const state of ['RECEIVED', 'COUNTER_OFFERED', 'NEEDS_ATTENTION', 'LISTED', 'SOLD', 'RECYCLED'] as const) expect(movesOnSoon({ state, route })).toBe(false);
  });
});

describe("a webhook endpoint's address", () => {
  const words = WEBHOOK_URL_WORDS.de;
  it('is refused in the page’s words when none is given, it is no absolute URL, or not https', () => {
    expect(webhookUrlMistake('  ', words)).toBe(words.empty);
    expect(webhookUrlMistake('hooks.marke.example/kreislauf', words)).toBe(words.notUrl);
    expect(webhookUrlMistake('http://hooks.marke.example/kreislauf', words)).toBe(words.notHttps);
    expect(webhookUrlMistake('ftp://hooks.marke.example/kreislauf', words)).toBe(words.notUrl);
  });

  it('is left to the API when it is https, or plain HTTP to this machine (which a local cloud takes)', () => {
    expect(webhookUrlMistake('https://hooks.marke.example/kreislauf', words)).toBeUndefined();
    expect(webhookUrlMistake('https://hooks.marke.example:8443/', words)).toBeUndefined();
    expect(webhookUrlMistake('http://127.0.0.1:9/hook', words)).toBeUndefined();
    expect(webhookUrlMistake('http://localhost:8080/hook', words)).toBeUndefined();
  });

  it("is said refused by the API in the page's words, the API's message after them marked as the API's", () => {
    expect(webhookUrlRefusal(422, 'could not be resolved: x.invalid has no address (ENOTFOUND)', words)).toBe(
      `${words.unreachable} Meldung der API (englisch): „could not be resolved: x.invalid has no address (ENOTFOUND)“`,
    );
    expect(webhookUrlRefusal(400, 'must use the default port of https, not 8443', WEBHOOK_URL_WORDS.en)).toBe(
      `${WEBHOOK_URL_WORDS.en.refused} The API's message: “must use the default port of https, not 8443”`,
    );
  });
});

describe("where a settings document stops being JSON", () => {
  it('is nowhere for JSON, as JSON.parse reads it', () => {
    for (const text of ['{}', ' [1, -2.5e3, "a\\"b\\u00e4", true, false, null] ', '{"a": {"b": []}}', '0']) {
      expect(JSON.parse(text)).toBeDefined();
      expect(jsonSyntaxError(text)).toBeUndefined();
    }
  });

  it('is the end of a text that ends early, and the line and column of the first character that cannot stand there', () => {
    expect(jsonSyntaxError('{\n  "a": [1, 2')).toEqual({ line: 2, column: 13, atEnd: true });
    expect(jsonSyntaxError('')).toMatchObject({ atEnd: true });
    expect(jsonSyntaxError('{\n  "a": 1\n  "b": 2\n}')).toEqual({ line: 3, column: 3, atEnd: false });
    expect(jsonSyntaxError('{"a": 01}')).toEqual({ line: 1, column: 8, atEnd: false });
    expect(jsonSyntaxError("{'a': 1}")).toEqual({ line: 1, column: 2, atEnd: false });
    expect(jsonSyntaxError('[1,]')).toEqual({ line: 1, column: 4, atEnd: false });
    expect(jsonSyntaxError('{} x')).toEqual({ line: 1, column: 4, atEnd: false });
  });
});
