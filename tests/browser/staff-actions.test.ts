import { randomUUID } from 'node:crypto';
import type { Locator, Page, Request } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { call } from '../e2e/client';
import { aListedItem, order, sandboxes } from '../e2e/marketplaces';
import { admin } from '../e2e/payouts-support';
import { aLabelledTakeBack, aReceivedTakeBack, demoOps, grade, passportOf, untilState } from '../e2e/warehouse';
import { disconnect, newPage } from './support';

// What a person's action on the console leads to: the focus, the page's own words for a refusal, the passport as it
// is now, one download per click, and the links a role can use (docs/staff-console.md).

afterAll(() => disconnect());

// Run in the page: whether the element has the focus.
const isFocused = (element: { ownerDocument: { activeElement: unknown } }) => element === element.ownerDocument.activeElement;

/** A fresh German page signed in on the local issuer's page as the demo brand's staff (ops, and admin if asked; an analyst alone). */
async function signedIn(roles: 'ops' | 'admin' | 'analyst' = 'ops') {
  const { context, page } = await newPage();
  await page.goto('/staff/');
  await page.getByLabel('Marke').fill('demo');
  if (roles === 'admin') await page.getByRole('checkbox', { name: /\(admin\)/ }).check();
  if (roles === 'analyst') {
    await page.getByRole('checkbox', { name: /\(ops\)/ }).uncheck();
    await page.getByRole('checkbox', { name: /\(analyst\)/ }).check();
  }
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await page.getByRole('heading', { name: 'Wareneingang', level: 1 }).waitFor();
  return { context, page };
}

/** The words of a 409 on a passport listed meanwhile, as the page says them above its facts. */
const LISTED_MEANWHILE =
  'Nicht gespeichert: Der Artikel ist inzwischen „Angeboten“. Die Seite zeigt jetzt seinen aktuellen Stand; entscheiden Sie danach, ob noch etwas zu tun ist.';

/**
 * The page after an action refused with 409 because the item was listed meanwhile: the console's sentence, with the
 * focus on it, the passport as it is now (its form gone), and none of the API's English (`english`).
 */
async function expectListedMeanwhile(page: Page, form: Locator, english: RegExp): Promise<void> {
  const conflict = page.getByTestId('passport-conflict');
  await conflict.waitFor();
  expect(await conflict.textContent()).toBe(LISTED_MEANWHILE);
  await page.getByTestId('passport-state').filter({ hasText: 'Angeboten' }).waitFor();
  await form.waitFor({ state: 'detached' });
  await expect.poll(() => conflict.evaluate(isFocused)).toBe(true);
  expect(await page.getByText(english).count()).toBe(0);
}

describe('the staff console after an action', () => {
  it('puts the focus on the passport opened by "Paket annehmen", then on its state once graded, and shows it listed without a reload', async () => {
    const { id } = await aLabelledTakeBack('LIKE_NEW');
    const { context, page } = await signedIn();

    await page.getByLabel('Sendungsnummer oder Passport-Code').fill(id);
    await page.getByRole('button', { name: 'Paket annehmen' }).click();
    await page.getByRole('heading', { name: 'Bewerten' }).waitFor();
    const heading = page.getByRole('heading', { level: 1 });
    await expect.poll(() => heading.evaluate(isFocused)).toBe(true);

    await page.getByRole('radio', { name: 'Wie neu' }).check();
    await page.getByRole('button', { name: 'Bewertung speichern' }).click();
    await page.getByRole('heading', { name: 'Bewerten' }).waitFor({ state: 'detached' });
    const state = page.getByTestId('passport-state');
    await expect.poll(() => state.evaluate(isFocused)).toBe(true);

    // The listing workflow lists it within seconds: the page reads the passport again and shows it, the route form gone.
    await untilState(id, 'LISTED');
    await page.getByTestId('passport-state').filter({ hasText: 'Angeboten' }).waitFor();
    expect(await page.getByRole('form', { name: 'Weg ändern' }).count()).toBe(0);
    await context.close();
  });

  it('offers an admin, and no one else, to take an item back from its repair partner, and shows the job withdrawn on its timeline', async () => {
    const { id } = await aReceivedTakeBack('FAIR');
    await grade(id, 'FAIR');
    await untilState(id, 'IN_REPAIR');
    const takeBack = (page: Page) => page.getByRole('form', { name: 'Von der Reparatur zurückholen' });
    const { context: opsContext, page: opsPage } = await signedIn();
    await opsPage.goto(`/staff/passports/${id}`);
    await opsPage.getByTestId('passport-state').filter({ hasText: 'In Reparatur' }).waitFor();
    expect(await takeBack(opsPage).count()).toBe(0);
    await opsContext.close();

    const { context, page } = await signedIn('admin');
    await page.goto(`/staff/passports/${id}`);
    const form = takeBack(page);
    await form.waitFor();
    // Told by webhook since 7 December 2026; until then the form asked to tell the partner by hand.
    await form.getByText('Hatte die Werkstatt den Auftrag schon erhalten, wird ihr der Rückzug mit Ihrem Grund mitgeteilt', { exact: false }).waitFor();
    await form.getByLabel('Neuer Weg').selectOption('RECYCLE');
    await form.getByLabel(/^Grund/).fill('Werkstatt antwortet nicht');
    await form.getByRole('button', { name: 'Zurückholen und Weg ändern' }).click();

    await page.getByText('Von der Reparatur zurückgeholt, Weg geändert').waitFor();
    await form.waitFor({ state: 'detached' });
    expect((await passportOf(id)).jobs).toMatchObject([{ jobId: `${id}-R1`, status: 'WITHDRAWN' }]);
    await context.close();
  });

  it('says in its own words that a route override came too late, shows the passport as it is now and puts the focus there', async () => {
    const { id } = await aReceivedTakeBack('LIKE_NEW');
    expect((await grade(id, 'LIKE_NEW')).body).toMatchObject({ state: 'GRADED', route: { route: 'RESELL' } });
    // The page opened while the item was graded: its reads answer the passport as it was then, until the override is sent.
    const graded = await passportOf(id);
    let stale = true;
    const { context, page } = await signedIn();
    await page.route(`**/v1/passports/${id}`, (route) =>
      stale && route.request().method() === 'GET' ? route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(graded) }) : route.continue(),
    );
    await untilState(id, 'LISTED');
    await page.goto(`/staff/passports/${id}`);
    const form = page.getByRole('form', { name: 'Weg ändern' });
    await form.waitFor();
    expect(await page.getByTestId('passport-state').textContent()).toBe('Bewertet');

    await form.getByLabel('Neuer Weg').selectOption('RECYCLE');
    await form.getByLabel(/^Grund/).fill('Display hat Pixelfehler');
    stale = false;
    await form.getByRole('button', { name: 'Weg ändern' }).click();

    await expectListedMeanwhile(page, form, /Conflict|only a graded item/);
    expect((await passportOf(id)).route).toMatchObject({ route: 'RESELL' });
    await context.close();
  });

  it('says in its own words that a parcel graded meanwhile cannot be rejected, shows the passport as it is now and leaves its grading', async () => {
    const { id } = await aReceivedTakeBack('LIKE_NEW');
    const { context, page } = await signedIn();
    await page.goto(`/staff/passports/${id}`);
    const form = page.getByRole('form', { name: 'Paket ablehnen' });
    await form.waitFor();
    await form.getByRole('radio', { name: /^Paket war leer/ }).check();
    await form.getByLabel('Was war im Paket?').fill('Nur Füllmaterial');
    // A colleague grades the item while this page is open, and the listing workflow lists it.
    expect((await grade(id, 'LIKE_NEW')).status).toBe(200);
    await untilState(id, 'LISTED');

    await form.getByRole('button', { name: 'Paket ablehnen' }).click();
    await form.getByRole('button', { name: 'Ja, Paket ablehnen' }).click();

    await expectListedMeanwhile(page, form, /Conflict|only a RECEIVED parcel/);
    const passport = await passportOf(id);
    expect(passport.rejection).toBeUndefined();
    expect(passport.grading).toMatchObject({ grade: 'LIKE_NEW' });
    await context.close();
  });

  it("says in its own words that a buyer's return recorded meanwhile by a colleague is not recorded again, and shows the passport as it is now", async () => {
    const origins = await sandboxes();
    const { id, sku } = await aListedItem(origins);
    // Sold in the brand's shop, whose webhook tells the platform at once.
    expect(await order(origins.shopify, sku)).toBe(201);
    await untilState(id, 'SOLD');
    const { context, page } = await signedIn();
    await page.goto(`/staff/passports/${id}`);
    const form = page.getByRole('form', { name: 'Rücksendung vom Käufer erfassen' });
    await form.waitFor();
    await form.getByLabel('Grund der Rücksendung').selectOption({ label: 'Käufer hat es sich anders überlegt' });
    // A colleague records the return while this page is open; the item is listed again.
    const recorded = await call('POST', `/v1/passports/${id}/sale-return`, { reason: 'DEFECTIVE', route: 'RESELL' }, { ...(await demoOps()), 'idempotency-key': randomUUID() });
    expect(recorded.status).toBe(200);
    await untilState(id, 'LISTED');

    await form.getByRole('button', { name: 'Rücksendung erfassen' }).click();
    await form.getByRole('button', { name: 'Ja, Rücksendung erfassen' }).click();

    await expectListedMeanwhile(page, form, /Conflict|only a SOLD item/);
    // The page shows the colleague's return, which stands alone.
    expect(await page.getByTestId('sale-return').getByText('Defekt', { exact: true }).count()).toBe(1);
    const passport = await passportOf(id);
    expect(passport.timeline.filter((event: { type: string }) => event.type === 'SaleReturned')).toHaveLength(1);
    await context.close();
  });

  it('says in its own words that a parcel scanned again is past receiving, with a link to its passport', async () => {
    const { id } = await aReceivedTakeBack('LIKE_NEW');
    expect((await grade(id, 'LIKE_NEW')).status).toBe(200);
    await untilState(id, 'LISTED');
    const { context, page } = await signedIn();

    await page.getByLabel('Sendungsnummer oder Passport-Code').fill(id);
    await page.getByRole('button', { name: 'Paket annehmen' }).click();
    const refusal = page.getByTestId('not-received');
    await refusal.waitFor();
    expect(await refusal.textContent()).toBe('Nicht angenommen: Der Artikel ist bereits „Angeboten“. Produktpass öffnen');
    expect(await page.getByText(/Conflict|cannot be received/).count()).toBe(0);

    await refusal.getByRole('link', { name: 'Produktpass öffnen' }).click();
    await page.getByTestId('passport-state').filter({ hasText: 'Angeboten' }).waitFor();
    await context.close();
  });

  it("says in its own words that the parcel of a cancelled take-back whose customer's data was erased is left to a person", async () => {
    const { id, trackingToken } = await aLabelledTakeBack('GOOD');
    expect((await call('POST', `/v1/take-backs/${id}/cancellation?token=${encodeURIComponent(trackingToken)}`)).status).toBe(200);
    expect((await call('POST', `/v1/passports/${id}/erasure`, { reason: 'Ticket 4716' }, { ...(await admin()), 'idempotency-key': randomUUID() })).status).toBe(200);
    const { context, page } = await signedIn();

    await page.getByLabel('Sendungsnummer oder Passport-Code').fill(id);
    await page.getByRole('button', { name: 'Paket annehmen' }).click();
    const refusal = page.getByTestId('not-received');
    await refusal.waitFor();
    expect(await refusal.textContent()).toBe(
      'Nicht angenommen: Die Rückgabe ist storniert und die Daten des Kunden sind gelöscht. Der Artikel kann weder vergütet noch zurückgeschickt werden: Legen Sie das Paket beiseite und klären Sie es von Hand. Produktpass öffnen',
    );
    expect(await page.getByText(/Conflict|cannot be received/).count()).toBe(0);
    expect((await passportOf(id)).state).toBe('CANCELLED');
    await context.close();
  });

  it('refuses a cancellation without a reason in its own words, the focus on the field and nothing sent, then puts the focus on the new state', async () => {
    const { id } = await aLabelledTakeBack('GOOD');
    const { context, page } = await signedIn();
    const sent: Request[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith(`/v1/passports/${id}/cancellation`)) sent.push(request);
    });
    await page.goto(`/staff/passports/${id}`);
    const form = page.getByRole('form', { name: 'Rückgabe stornieren' });
    await form.waitFor();

    await form.getByRole('button', { name: 'Rückgabe stornieren' }).click();
    const reason = form.getByLabel(/^Grund/);
    await expect.poll(() => reason.getAttribute('aria-invalid')).toBe('true');
    expect(await form.locator('.field__error').textContent()).toBe('Bitte nennen Sie einen Grund mit 3 bis 500 Zeichen.');
    await expect.poll(() => reason.evaluate(isFocused)).toBe(true);
    expect(sent).toEqual([]);

    await reason.fill('Kundin hat angerufen');
    await form.getByRole('button', { name: 'Rückgabe stornieren' }).click();
    const state = page.getByTestId('passport-state').filter({ hasText: 'Storniert' });
    await state.waitFor();
    await expect.poll(() => state.evaluate(isFocused)).toBe(true);
    expect(sent).toHaveLength(1);
    await context.close();
  });

  it("says in its own words that the brand has no such passport", async () => {
    const { context, page } = await signedIn();
    await page.goto('/staff/passports/01M97F1HXY9625NYFJCR15GR7Z');
    await page.getByRole('alert').filter({ hasText: 'Diesen Produktpass gibt es bei Ihrer Marke nicht.' }).waitFor();
    expect(await page.getByText(/Not found|No passport/).count()).toBe(0);
    await context.close();
  });

  it('offers ops no link to the pages only admins use, and admins all of them', async () => {
    const adminOnly = ['Auszahlungen', 'Webhooks', 'Datenschutz', 'Einstellungen'];
    const { context: opsContext, page: ops } = await signedIn('ops');
    const opsLinks = await ops.getByRole('navigation', { name: 'Bereiche' }).getByRole('link').allTextContents();
    expect(opsLinks).toEqual(['Wareneingang', 'Arbeitslisten', 'Angebote', 'Reparaturpartner', 'Team']);
    // Opened by its address, the page still says who may use it.
    await ops.goto('/staff/webhooks');
    await ops.getByText('Webhooks verwalten dürfen nur Administratoren der Marke.').waitFor();
    await opsContext.close();

    const { context: adminContext, page: admin } = await signedIn('admin');
    const adminLinks = await admin.getByRole('navigation', { name: 'Bereiche' }).getByRole('link').allTextContents();
    for (const link of adminOnly) expect(adminLinks).toContain(link);
    await adminContext.close();
  });

  it('offers an analyst no receiving, which the API would refuse, and says who receives parcels', async () => {
    const { context, page } = await signedIn('analyst');
    await page.getByText('Pakete annehmen dürfen nur das Lager (ops) und Administratoren der Marke.', { exact: false }).waitFor();
    expect(await page.getByLabel('Sendungsnummer oder Passport-Code').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Paket annehmen' }).count()).toBe(0);
    await context.close();
  });

  it("says a refusal for the person's role (403) in the console's words, not the API's English", async () => {
    const { id } = await aLabelledTakeBack('GOOD');
    const { context, page } = await signedIn('ops');
    // The role taken away while the console was open: the token still names it, the API no longer grants it.
    await page.route('**/v1/passports/*/receipt', (route) =>
      route.fulfill({
        status: 403,
        contentType: 'application/problem+json',
        body: JSON.stringify({ type: 'about:blank', title: 'Forbidden', status: 403, detail: 'This needs one of the roles ops, admin.' }),
      }),
    );
    await page.getByLabel('Sendungsnummer oder Passport-Code').fill(id);
    await page.getByRole('button', { name: 'Paket annehmen' }).click();
    await page.getByRole('alert').filter({ hasText: 'Das dürfen Sie mit Ihrer Rolle nicht.' }).waitFor();
    expect(await page.getByText(/Forbidden|This needs one of the roles/).count()).toBe(0);
    await context.close();
  });

  it("says in its own words why a webhook's address is refused, the API's message marked as such, with the focus on the field", async () => {
    const { context, page } = await signedIn('admin');
    const sent: Request[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/v1/webhook-subscriptions') && request.method() === 'POST') sent.push(request);
    });
    await page.goto('/staff/webhooks');
    await page.locator('.loading').waitFor({ state: 'detached' });
    const field = page.getByLabel(/^HTTPS-Adresse des Endpunkts/);
    await page.getByRole('checkbox', { name: 'Sold', exact: true }).check();

    await field.fill('http://hooks.marke.example/kreislauf');
    await page.getByRole('button', { name: 'Abonnieren' }).click();
    await page.getByText('Kreislauf sendet nur an https://-Adressen. Bitte geben Sie die Adresse mit https:// an.').waitFor();
    await expect.poll(() => field.evaluate(isFocused)).toBe(true);
    expect(sent).toEqual([]);

    // A name that does not resolve only the API can find: said in the page's words, its message after them.
    await field.fill('https://hooks.kreislauf-test.invalid/kreislauf');
    await page.getByRole('button', { name: 'Abonnieren' }).click();
    const error = page.locator('.field--invalid .field__error');
    await error.filter({ hasText: 'Diese Adresse ist nicht erreichbar' }).waitFor();
    expect(await error.textContent()).toMatch(/^Diese Adresse ist nicht erreichbar: .* Meldung der API \(englisch\): „could not be resolved: hooks\.kreislauf-test\.invalid has no address/);
    await expect.poll(() => field.evaluate(isFocused)).toBe(true);
    expect(sent).toHaveLength(1);
    await context.close();
  });
});

describe('the dashboard downloads', () => {
  it('downloads a report once on a double click, its buttons disabled while it runs', async () => {
    const { context, page } = await newPage({ locale: 'en-GB' });
    await page.goto('/dashboard/?lang=en');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Period' }).waitFor();
    // The report's answer is held until both clicks are done, as a slow rendering of the PDF would be.
    const asked: string[] = [];
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    await page.route((url) => url.pathname === '/v1/reports/impact', async (route) => {
      if (route.request().headers()['accept'] !== 'application/pdf') return route.continue();
      asked.push(route.request().url());
      await released;
      await route.continue();
    });
    const button = page.getByRole('button', { name: 'Impact as PDF' });
    const download = page.waitForEvent('download');

    await button.dblclick();
    await expect.poll(() => asked.length).toBe(1);
    expect(await button.isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Returns as CSV' }).isDisabled()).toBe(true);
    release();

    await download;
    await expect.poll(() => button.isDisabled()).toBe(false);
    expect(asked).toHaveLength(1);
    await context.close();
  });
});
