import QRCode from 'qrcode';
import { afterAll, describe, expect, it } from 'vitest';
import { aLabelledTakeBack, aReceivedTakeBack, passportOf, staff } from '../e2e/warehouse';
import { aBrandLikeDemo, admin } from '../e2e/payouts-support';
import { call } from '../e2e/client';
import { disconnect, newPage } from './support';

// What the staff console says when the API refuses or fails, in the page's language, with a retry where sending the
// same request again may help, and what a person's entries survive (docs/web.md, since 7 December 2026).

afterAll(() => disconnect());

/** A fresh German page signed in on the local issuer's page as `brand`'s staff, an admin unless told. */
async function signedIn(options: { brand?: string; admin?: boolean; at?: string } = {}) {
  const { context, page } = await newPage();
  await page.goto(options.at ?? '/staff/');
  await signInOn(page, options.brand ?? 'demo', options.admin ?? true);
  return { context, page };
}

async function signInOn(page: Awaited<ReturnType<typeof newPage>>['page'], brand: string, admin: boolean): Promise<void> {
  await page.getByRole('heading', { name: 'Anmelden' }).waitFor();
  await page.getByLabel('Marke').fill(brand);
  if (admin) await page.getByRole('checkbox', { name: /\(admin\)/ }).check();
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await page.getByRole('navigation', { name: 'Bereiche' }).waitFor();
}

/** An answer as a problem document, as the API writes one. */
const problemAnswer = (status: number, title: string, detail: string, extensions: Record<string, unknown> = {}) => ({
  status,
  contentType: 'application/problem+json',
  body: JSON.stringify({ type: `https://kreislauf.dev/problems/${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`, title, status, detail, ...extensions }),
});

const anExport = {
  exportId: '01JEXPORTAAAAAAAAAAAAAAAAA',
  createdAt: '2026-12-07T09:30:00.000Z',
  requestedExecutionDate: '2026-12-08',
  count: 2,
  total: { amount: 25_300, currency: 'EUR' },
  fileUrl: 'http://localhost/v1/payouts/exports/01JEXPORTAAAAAAAAAAAAAAAAA/file',
  payouts: [],
  held: [],
};

describe('the staff console when the API refuses or fails', () => {
  it('says a 500 and a 502 of the payout exports in German, without the English, and reads them again on "Erneut versuchen"', async () => {
    const { context, page } = await signedIn();
    let answers = [
      problemAnswer(500, 'Internal Server Error', 'Something broke in the handler'),
      { status: 502, contentType: 'application/json', body: JSON.stringify({ message: 'Bad Gateway' }) },
    ];
    await page.route('**/v1/payouts/exports', async (route) => {
      const forced = route.request().method() === 'GET' ? answers.shift() : undefined;
      await (forced ? route.fulfill(forced) : route.continue());
    });
    await page.goto('/staff/payouts');

    const alert = page.getByRole('alert');
    await alert.filter({ hasText: 'Bei der Plattform ist ein Fehler aufgetreten. Bitte versuchen Sie es in einem Moment erneut.' }).waitFor();
    expect(await page.getByText(/Internal Server Error|Something broke/).count()).toBe(0);

    await alert.getByRole('button', { name: 'Erneut versuchen' }).click();
    await alert.filter({ hasText: 'Die Plattform antwortet gerade nicht.' }).waitFor();
    expect(await page.getByText('Bad Gateway').count()).toBe(0);

    answers = [];
    await alert.getByRole('button', { name: 'Erneut versuchen' }).click();
    await alert.waitFor({ state: 'detached' });
    await page.locator('.loading').waitFor({ state: 'detached' });
    await context.close();
  });

  it('says that no payouts wait for an export in German, and reads the exports again, which show the one another tab made', async () => {
    const { context, page } = await signedIn();
    // The other tab exported between this tab's read and its "Exportieren": the API answers 409, and lists that export.
    let reads = 0;
    await page.route('**/v1/payouts/exports', async (route) => {
      if (route.request().method() === 'POST') {
        return route.fulfill(problemAnswer(409, 'Conflict', 'No bank payouts are waiting for an export.', { held: [] }));
      }
      reads += 1;
      return route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ exports: reads === 1 ? [] : [anExport], held: [], awaiting: [] }) });
    });
    await page.goto('/staff/payouts');
    await page.getByText('Noch keine Exporte.').waitFor();

    await page.getByRole('button', { name: 'Exportieren' }).click();
    await page.getByRole('alert').filter({ hasText: /^Keine Auszahlungen warten auf einen Export\./ }).waitFor();
    expect(await page.getByText(/No bank payouts|Conflict/).count()).toBe(0);
    await page.getByRole('row').filter({ hasText: '253,00 €' }).waitFor();
    expect(await page.getByText('Noch keine Exporte.').count()).toBe(0);
    await context.close();
  });

  it('sends the same export again, with its Idempotency-Key, after an answer that never came', async () => {
    const { context, page } = await signedIn();
    // The first "Exportieren" gets a gateway's 504: the export may have been made. The second must be that request again,
    // so that the API answers the export it made instead of "nothing waits" (until 7 December 2026 each click had a new key).
    const posted: { key: string | undefined; query: string }[] = [];
    await page.route('**/v1/payouts/exports**', async (route) => {
      const request = route.request();
      if (request.method() !== 'POST') return route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ exports: [], held: [], awaiting: [] }) });
      posted.push({ key: request.headers()['idempotency-key'], query: new URL(request.url()).search });
      if (posted.length === 1) return route.fulfill({ status: 504, contentType: 'text/html', body: '<html>Gateway Timeout</html>' });
      return route.fulfill({ status: 201, contentType: 'application/json', body: JSON.stringify(anExport) });
    });
    await page.goto('/staff/payouts');
    await page.getByText('Noch keine Exporte.').waitFor();
    await page.getByLabel(/^Ausführungsdatum/).fill('2026-12-08');

    await page.getByRole('button', { name: 'Exportieren' }).click();
    await page.getByRole('alert').waitFor();
    await page.getByLabel(/^Ausführungsdatum/).fill('2026-12-09');
    await page.getByRole('button', { name: 'Exportieren' }).click();
    await page.getByRole('row').filter({ hasText: '253,00 €' }).waitFor();
    expect(posted).toHaveLength(2);
    expect(posted[0]!.key).toMatch(/\S/);
    expect(posted[1]).toEqual(posted[0]);

    // Once answered, the next export is a new request.
    await page.getByRole('button', { name: 'Exportieren' }).click();
    await expect.poll(() => posted.length).toBe(3);
    expect(posted[2]!.key).not.toBe(posted[0]!.key);
    await context.close();
  });

  it('says in German that a brand without a configuration has no settings yet, and what to do', async () => {
    const { context, page } = await signedIn({ brand: `probeweb${Date.now()}` });
    await page.goto('/staff/settings');
    const alert = page.getByRole('alert');
    await alert.filter({ hasText: /^Diese Marke hat noch keine Einstellungen: / }).waitFor();
    expect(await page.getByText(/has no configuration|If-None-Match|Not found/).count()).toBe(0);
    await context.close();
  });

  it("says the privacy form's field errors in German", async () => {
    const { context, page } = await signedIn({ at: '/staff/privacy' });
    await page.goto('/staff/privacy');
    const form = page.getByRole('form', { name: 'Daten einer Kundin oder eines Kunden löschen' });
    await form.getByLabel(/^E-Mail-Adresse/).fill('jörg@example.org');
    await form.getByLabel(/^Bezug des Antrags/).fill('ab');
    await form.getByRole('button', { name: 'Daten löschen' }).click();
    await form.getByRole('button', { name: 'Ja, endgültig löschen' }).click();

    await expect.poll(() => form.getByLabel(/^E-Mail-Adresse/).getAttribute('aria-invalid')).toBe('true');
    expect(await form.locator('.field__error').allTextContents()).toEqual(['muss eine E-Mail-Adresse sein', 'muss mindestens 3 Zeichen haben']);
    await context.close();
  });

  it('says at the event types of a new webhook in German that none is ticked', async () => {
    const { context, page } = await signedIn();
    await page.goto('/staff/webhooks');
    const form = page.getByRole('form', { name: 'Endpunkt abonnieren' });
    await form.getByLabel(/^HTTPS-Adresse des Endpunkts/).fill(`https://hooks.example.org/kreislauf-${Date.now()}`);
    await form.getByRole('button', { name: 'Abonnieren' }).click();
    const error = form.getByRole('group', { name: 'Ereignisse' }).locator('.field__error');
    await error.waitFor();
    expect(await error.textContent()).toBe('muss mindestens 1 Eintrag haben');
    await context.close();
  });
});

describe('a grading interrupted by an expired sign-in', () => {
  it('keeps the grade, the notes and the photo uploaded through a 401 and the sign-in, and saves them after', async () => {
    const { id } = await aReceivedTakeBack('GOOD');
    const { context, page } = await signedIn({ admin: false });
    await page.goto(`/staff/passports/${id}`);
    const form = page.getByRole('form', { name: 'Bewerten' });
    await form.waitFor();

    const notes = 'Akku schwach, Gehäuse mit Kratzern an der Rückseite; Display ohne Pixelfehler, Ladebuchse wackelt leicht.';
    await form.getByRole('radio', { name: 'Akzeptabel' }).check();
    await form.getByLabel(/^Notizen/).fill(notes);
    await form.getByLabel(/^Fotos/).setInputFiles({ name: 'vorne.png', mimeType: 'image/png', buffer: await QRCode.toBuffer(id) });
    // The ID token expired while the person graded: the API answers the grading 401, once.
    await page.route(`**/v1/passports/${id}/grading`, (route) => route.fulfill(problemAnswer(401, 'Unauthorized', 'The token has expired.')), { times: 1 });
    await form.getByRole('button', { name: 'Bewertung speichern' }).click();

    await signInOn(page, 'demo', false);
    await form.waitFor();
    await form.getByTestId('form-draft').waitFor();
    expect(await form.getByRole('radio', { name: 'Akzeptabel' }).isChecked()).toBe(true);
    expect(await form.getByLabel(/^Notizen/).inputValue()).toBe(notes);
    expect(await form.getByTestId('kept-photos').textContent()).toBe('1 Foto ist schon hochgeladen und kommt mit.');

    await form.getByRole('button', { name: 'Bewertung speichern' }).click();
    await form.waitFor({ state: 'detached' });
    const graded = await passportOf(id);
    expect(graded.grading).toMatchObject({ grade: 'FAIR', notes, photos: [expect.stringMatching(new RegExp(`/photos/demo/${id}/[0-9A-Z]{26}\\.png$`))] });
    // Saved, the draft is gone: the passport opened again shows no form and keeps nothing.
    expect(await page.evaluate("Object.keys(sessionStorage).filter((key) => key.startsWith('kreislauf.staff.draft.'))")).toEqual([]);
    await context.close();
  });

  /** Signs in on the local issuer's page as another person of the demo brand (another `sub`) than the page's own. */
  async function signInAsAnother(page: Awaited<ReturnType<typeof newPage>>['page']): Promise<void> {
    const token = (await staff({ brand: 'demo', roles: ['ops'], email: `b-${Date.now()}@demo.example` })).authorization!.slice('Bearer '.length);
    await page.route('**/_local/staff-token', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ token }) }), { times: 1 });
    await signInOn(page, 'demo', false);
  }

  /** Opens the grading of `id`, chooses "Defekt" and writes `notes`: a draft of the page's person. */
  async function aDraftOf(page: Awaited<ReturnType<typeof newPage>>['page'], id: string, notes: string) {
    await page.goto(`/staff/passports/${id}`);
    const form = page.getByRole('form', { name: 'Bewerten' });
    await form.getByRole('radio', { name: 'Defekt' }).check();
    await form.getByLabel(/^Notizen/).fill(notes);
    await expect.poll(() => page.evaluate("Object.keys(sessionStorage).filter((key) => key.startsWith('kreislauf.staff.draft.')).length")).toBe(1);
    return form;
  }

  it('drops the draft on "Abmelden": the next person signed in in the tab finds an empty grading', async () => {
    const { id } = await aReceivedTakeBack('GOOD');
    const { context, page } = await signedIn({ admin: false });
    await aDraftOf(page, id, 'Kundin Erika Muster, Tel. 0170 1234567, will den Rest bar.');

    await page.getByRole('button', { name: 'Abmelden' }).click();
    expect(await page.evaluate("Object.keys(sessionStorage).filter((key) => key.startsWith('kreislauf.staff.draft.'))")).toEqual([]);
    await signInAsAnother(page);
    await page.goto(`/staff/passports/${id}`);
    const form = page.getByRole('form', { name: 'Bewerten' });
    await form.waitFor();
    expect(await form.getByTestId('form-draft').count()).toBe(0);
    expect(await form.getByRole('radio', { name: 'Defekt' }).isChecked()).toBe(false);
    expect(await form.getByLabel(/^Notizen/).inputValue()).toBe('');
    await context.close();
  });

  it("offers a draft kept through a 401 to no one but its author: another person's sign-in drops it", async () => {
    const { id } = await aReceivedTakeBack('GOOD');
    const { context, page } = await signedIn({ admin: false });
    const form = await aDraftOf(page, id, 'Notizen der ersten Person');
    await page.route(`**/v1/passports/${id}/grading`, (route) => route.fulfill(problemAnswer(401, 'Unauthorized', 'The token has expired.')), { times: 1 });
    await form.getByRole('button', { name: 'Bewertung speichern' }).click();

    await signInAsAnother(page);
    await form.waitFor();
    expect(await form.getByTestId('form-draft').count()).toBe(0);
    expect(await form.getByLabel(/^Notizen/).inputValue()).toBe('');
    expect(await page.evaluate("Object.keys(sessionStorage).filter((key) => key.startsWith('kreislauf.staff.draft.'))")).toEqual([]);
    expect((await passportOf(id)).grading).toBeUndefined();
    await context.close();
  });
});

describe('a change whose answer was lost on the way back', () => {
  it('sends a grading saved behind a 504 again under its key and body on "Erneut versuchen", and says it is saved: one grading', async () => {
    const { id } = await aReceivedTakeBack('GOOD');
    const { context, page } = await signedIn({ admin: false });
    await page.goto(`/staff/passports/${id}`);
    const form = page.getByRole('form', { name: 'Bewerten' });
    await form.getByRole('radio', { name: 'Gut' }).check();
    await form.getByLabel(/^Notizen/).fill('Leichte Gebrauchsspuren');
    // The grading reaches the API and is saved, but API Gateway answers the browser 504 (its 30 seconds ran out).
    const sent: { key: string | undefined; body: string | null }[] = [];
    await page.route(`**/v1/passports/${id}/grading`, async (route) => {
      sent.push({ key: route.request().headers()['idempotency-key'], body: route.request().postData() });
      if (sent.length > 1) return route.continue();
      await route.fetch();
      return route.fulfill({ status: 504, contentType: 'application/json', body: JSON.stringify({ message: 'Endpoint request timed out' }) });
    });
    await form.getByRole('button', { name: 'Bewertung speichern' }).click();
    const alert = form.getByRole('alert').filter({ hasText: 'Die Plattform antwortet gerade nicht.' });
    await alert.waitFor();

    await alert.getByRole('button', { name: 'Erneut versuchen' }).click();
    await form.waitFor({ state: 'detached' });
    expect(await page.getByRole('alert').count()).toBe(0);
    expect(sent).toHaveLength(2);
    expect(sent[1]).toEqual(sent[0]);
    const graded = await passportOf(id);
    expect(graded.grading).toMatchObject({ grade: 'GOOD', notes: 'Leichte Gebrauchsspuren' });
    expect(graded.timeline.filter((event: { type: string }) => event.type === 'Graded')).toHaveLength(1);
    await context.close();
  });

  it('sends a settings save behind a 504 again under its key and If-Match on "Erneut versuchen", and says it is saved: one version', async () => {
    const brand = await aBrandLikeDemo(() => ({}));
    const { context, page } = await signedIn({ brand });
    await page.goto('/staff/settings');
    const editor = page.getByRole('textbox', { name: 'Konfiguration (JSON)' });
    await expect.poll(() => editor.inputValue()).toMatch(/^\{/);
    const catalog = JSON.parse(await editor.inputValue());
    catalog.config.name = 'Verlorene Antwort GmbH';
    await editor.fill(JSON.stringify(catalog, null, 2));
    const sent: { key: string | undefined; ifMatch: string | undefined; body: string | null }[] = [];
    await page.route('**/v1/brand-config', async (route) => {
      if (route.request().method() !== 'PUT') return route.continue();
      const headers = route.request().headers();
      sent.push({ key: headers['idempotency-key'], ifMatch: headers['if-match'], body: route.request().postData() });
      if (sent.length > 1) return route.continue();
      await route.fetch();
      return route.fulfill({ status: 504, contentType: 'application/json', body: JSON.stringify({ message: 'Endpoint request timed out' }) });
    });
    const form = page.getByRole('form', { name: 'Das ganze Dokument bearbeiten' });
    await form.getByRole('button', { name: 'Speichern' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'Die Plattform antwortet gerade nicht.' });
    await alert.waitFor();

    await alert.getByRole('button', { name: 'Erneut versuchen' }).click();
    await page.getByRole('status').filter({ hasText: 'Gespeichert als Version 2.' }).waitFor();
    expect(await page.getByText(/von jemand anderem gespeichert/).count()).toBe(0);
    expect(sent).toHaveLength(2);
    expect(sent[1]).toEqual(sent[0]);
    const after = await call('GET', '/v1/brand-config', undefined, await admin(brand));
    expect(after.headers.get('etag')).toBe('"v2"');
    expect(after.body.config.name).toBe('Verlorene Antwort GmbH');
    await context.close();
  });
});

describe('a 2xx answer of another shape than the page asked for', () => {
  it('is said as a lost connection with "Erneut versuchen" on every page that reads one, never a blank page or an endless "Wird geladen"', async () => {
    const { id } = await aLabelledTakeBack('GOOD');
    const { context, page } = await signedIn();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    const pages: { at: string; reads: string }[] = [
      { at: '/staff/queues/RECEIVED', reads: '/v1/passports' },
      { at: '/staff/listings', reads: '/v1/listings' },
      { at: '/staff/partners', reads: '/v1/repair-partners' },
      { at: '/staff/payouts', reads: '/v1/payouts/exports' },
      { at: '/staff/settings', reads: '/v1/brand-config' },
      { at: `/staff/passports/${id}`, reads: `/v1/passports/${id}` },
      { at: '/staff/webhooks', reads: '/v1/webhook-subscriptions' },
      { at: '/staff/team', reads: '/v1/staff' },
      { at: '/dashboard/', reads: '/v1/reports/impact' },
    ];
    for (const { at, reads } of pages) {
      // A gateway or proxy answers 200 with JSON that is not the API's: `{"ok": true}` and `null` in turn.
      let served = 0;
      const matches = (url: URL) => url.pathname === reads;
      const handler = async (route: import('playwright-core').Route) => {
        if (route.request().method() !== 'GET') return route.continue();
        served += 1;
        return route.fulfill({ status: 200, contentType: 'application/json', body: served % 2 === 1 ? '{"ok":true}' : 'null' });
      };
      await page.route(matches, handler);
      await page.goto(at);
      const alert = page.getByRole('alert').filter({ hasText: /^Keine Verbindung\./ }).first();
      await alert.waitFor();
      const before = served;
      await alert.getByRole('button', { name: 'Erneut versuchen' }).click();
      await expect.poll(() => served, { message: at }).toBeGreaterThan(before);
      await alert.getByRole('button', { name: 'Erneut versuchen' }).waitFor();
      await page.unroute(matches, handler);
      await alert.getByRole('button', { name: 'Erneut versuchen' }).click();
      await expect.poll(() => page.getByRole('alert').filter({ hasText: /^Keine Verbindung\./ }).count(), { message: at }).toBe(0);
      await expect.poll(() => page.locator('.loading').count(), { message: at }).toBe(0);
    }
    expect(errors).toEqual([]);
    await context.close();
  });
});
