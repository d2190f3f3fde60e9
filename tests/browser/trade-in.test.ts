import { randomUUID } from 'node:crypto';
import { crc32, deflateSync } from 'node:zlib';
import type { Page, Route } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { demoBrand } from '../../local/seed/demo-brand';
import { call, eventually } from '../e2e/client';
import { aBrandLikeDemo } from '../e2e/payouts-support';
import { AN_ADDRESS_DHL_REFUSES, aTakeBackBody, answersFor } from '../e2e/support';
import { demoOps, staff } from '../e2e/warehouse';
import { disconnect, newPage, screenshotsAndScan } from './support';

// The trade-in form as a customer uses it, in German (the demo brand's language).

const product = (sku: string) => demoBrand.products.find((candidate) => candidate.sku === sku)!;
const jacket = product('DO-JKT-ALPENGLOW-M');
const laptop = product('DO-BOOK-14-16-512');

const euro = (cents: number) => new Intl.NumberFormat('de-DE', { style: 'currency', currency: 'EUR' }).format(cents / 100);

/** Picks the product by searching its name and answers its condition questions with the options for LIKE_NEW. */
async function describeItem(page: Page, sku: string, search: string): Promise<void> {
  const item = product(sku);
  await page.getByLabel('Produkt suchen').fill(search);
  await page.getByRole('radio', { name: item.name }).check();
  const answers = answersFor(item.category);
  for (const question of demoBrand.questions.filter((candidate) => candidate.category === item.category)) {
    const option = question.options.find((candidate) => candidate.id === answers[question.id])!;
    await page.getByRole('group', { name: question.text }).getByRole('radio', { name: option.label }).check();
  }
}

/** A small PNG, 16 × 16 pixels of green: a photo as a customer's phone would pick it. */
function aPng(): Buffer {
  const size = 16;
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8 bits per channel, RGB, no interlace
  // Each row: filter type 0, then one RGB triple per pixel.
  const row = Buffer.concat([Buffer.from([0]), ...Array.from({ length: size }, () => Buffer.from([0x2a, 0x7a, 0x4b]))]);
  const pixels = deflateSync(Buffer.concat(Array.from({ length: size }, () => row)));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', pixels), chunk('IEND', Buffer.alloc(0))]);
}

async function fillAddress(page: Page, email: string): Promise<void> {
  await page.getByLabel('Name', { exact: true }).fill('Erika Mustermann');
  await page.getByLabel('E-Mail', { exact: true }).fill(email);
  await page.getByLabel('Straße', { exact: true }).fill('Hauptstraße');
  await page.getByLabel('Hausnummer', { exact: true }).fill('5');
  await page.getByLabel('Ort', { exact: true }).fill('Berlin');
  await page.getByLabel('Postleitzahl', { exact: true }).fill('10115');
}

/**
 * The brand's passports of one product in the states a fresh take-back can be in, through the staff API, each once: one
 * that moves from REQUESTED to LABEL_CREATED between the two reads is in both (a fresh-clone CI of 7 December counted
 * one take-back twice so).
 */
async function takeBacksOf(sku: string, brand = 'demo'): Promise<string[]> {
  const ids = new Set<string>();
  const ops = brand === 'demo' ? await demoOps() : await staff({ brand, roles: ['ops'] });
  for (const state of ['REQUESTED', 'LABEL_CREATED', 'NEEDS_ATTENTION']) {
    const queue = await call('GET', `/v1/passports?state=${state}&limit=100`, undefined, ops);
    expect(queue.status).toBe(200);
    for (const item of queue.body.items as { id: string; product: { sku: string } }[]) if (item.product.sku === sku) ids.add(item.id);
  }
  return [...ids];
}

type SentTakeBack = { key: string; body: string | null };

/**
 * Routes the brand's take-back requests: the first is made (201, its label e-mail sent) and its answer lost on the way
 * back, as a reset connection; each later one goes to `later` (the API itself unless given). Returns what was sent.
 */
async function losingTheFirstAnswer(
  page: Page,
  brand: string,
  later: (route: Route, sent: SentTakeBack[]) => Promise<void> = (route) => route.continue(),
): Promise<SentTakeBack[]> {
  const sent: SentTakeBack[] = [];
  await page.route(`**/v1/brands/${brand}/take-backs`, async (route) => {
    sent.push({ key: route.request().headers()['idempotency-key']!, body: route.request().postData() });
    if (sent.length > 1) return later(route, sent);
    expect((await route.fetch()).status()).toBe(201);
    return route.abort('connectionreset');
  });
  return sent;
}

/** The thank-you page's tracking link names the one take-back of the jacket the brand has: the request made one. */
async function expectOneTakeBackOfTheJacket(page: Page, brand: string): Promise<void> {
  const tracking = new URL((await page.getByRole('link', { name: 'Rückgabe verfolgen' }).getAttribute('href'))!, 'http://x');
  expect(await takeBacksOf(jacket.sku, brand)).toEqual([tracking.pathname.split('/').pop()]);
}

/**
 * What the tab keeps once the take-back is made: not the held request (the customer's details), only the take-back's id
 * and tracking token for its thank-you page, which the tracking link on the page names.
 */
async function expectOnlyTheConfirmationKept(page: Page, brand: string): Promise<void> {
  const kept = await page.evaluate(() => Object.fromEntries(Object.keys(sessionStorage).map((name) => [name, sessionStorage.getItem(name)])));
  const tracking = new URL((await page.getByRole('link', { name: /Rückgabe verfolgen|Track your trade-in/ }).getAttribute('href'))!, 'http://x');
  expect(kept).toEqual({
    [`kreislauf.trade-in.${brand}.done`]: JSON.stringify({ id: tracking.pathname.split('/').pop(), trackingToken: tracking.searchParams.get('token') }),
  });
}

/** A problem document as the API answers it (application/problem+json), with its extensions. */
const apiProblem = (status: number, slug: string, title: string, detail: string, extensions: Record<string, unknown> = {}) => ({
  status,
  contentType: 'application/problem+json',
  body: JSON.stringify({ type: `https://kreislauf.dev/problems/${slug}`, title, status, detail, ...extensions }),
});

/** The API's refusal of a take-back whose quote's product the brand took out of its catalog after the quote. */
const productTakenOut = (brand: string, sku: string) =>
  apiProblem(409, 'conflict', 'Conflict', `${brand} no longer takes back ${sku}: the product was taken out of its catalog after this quote.`, { sku });

/** The API's answer to a quote for a product no longer in the brand's catalog. */
const noSuchProduct = (sku: string) => apiProblem(404, 'not-found', 'Not found', `The catalog of Demo Outfitters has no product with SKU "${sku}"`, { sku });

/**
 * The page shows the request held after a reload, its fields as sent and locked, and sends nothing by itself; sent
 * again, it is the same request under the same key, and the brand has one take-back of the jacket, nothing kept in the tab.
 */
async function expectHeldAndSentAgainOnce(page: Page, brand: string, sent: readonly SentTakeBack[]): Promise<void> {
  await page.getByRole('alert').filter({ hasText: 'Wir haben keine Antwort erhalten' }).waitFor();
  const street = page.getByLabel('Straße', { exact: true });
  expect(await street.inputValue()).toBe('Hauptstraße');
  expect(await street.isEditable()).toBe(false);
  expect(await page.getByRole('radio', { name: jacket.name }).isChecked()).toBe(true);
  await page.getByTestId('offer').waitFor();
  expect(sent).toHaveLength(1);
  await page.getByRole('button', { name: 'Noch einmal senden' }).click();
  await page.getByRole('heading', { name: 'Danke! Ihre Rückgabe ist angemeldet.' }).waitFor();

  expect(sent).toHaveLength(2);
  expect(sent[1]).toEqual(sent[0]);
  await expectOneTakeBackOfTheJacket(page, brand);
  await expectOnlyTheConfirmationKept(page, brand);
}

/** The page's first take-back never reaches the API; each send after it is refused as the jacket taken out of the catalog (409). */
async function takenOutAfterAFirstUnsent(page: Page, brand: string): Promise<SentTakeBack[]> {
  const sent: SentTakeBack[] = [];
  await page.route(`**/v1/brands/${brand}/take-backs`, async (route) => {
    sent.push({ key: route.request().headers()['idempotency-key']!, body: route.request().postData() });
    return sent.length === 1 ? route.abort('connectionrefused') : route.fulfill(productTakenOut(demoBrand.config.name, jacket.sku));
  });
  return sent;
}

/** The brand's jacket traded in on its page and sent, where the page says that no answer came (the answer was lost). */
async function aTradeInUnanswered(page: Page, brand: string, email: string): Promise<void> {
  await page.goto(`/trade-in/${brand}`);
  await describeItem(page, jacket.sku, 'alpenglow');
  await page.getByTestId('offer').waitFor();
  await fillAddress(page, email);
  await page.getByRole('button', { name: 'Rückgabe anmelden' }).click();
  await page.getByRole('alert').filter({ hasText: 'Wir haben keine Antwort erhalten' }).waitFor();
}

/** What the page says at a field (its error, else its hint), as tied to it by `aria-describedby`; undefined for nothing. */
async function saidAt(page: Page, label: string): Promise<string | null | undefined> {
  const ids = await page.getByLabel(label, { exact: true }).getAttribute('aria-describedby');
  return ids ? page.locator(`[id="${ids.split(' ')[0]}"]`).textContent() : undefined;
}

describe('the trade-in form', () => {
  afterAll(disconnect);

  it('takes a customer from the landing page through product, condition, offer, address and IBAN to the label', async () => {
    const { context, page } = await newPage();
    await page.goto('/');
    await page.waitForURL('**/trade-in/demo');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(`Zurückgeben bei ${demoBrand.config.name}`);
    await screenshotsAndScan(page, 'trade-in');

    await page.getByLabel('Produkt suchen').fill('zzz');
    await page.getByText('Kein Produkt passt zu dieser Suche.').waitFor();
    await describeItem(page, jacket.sku, 'alpenglow');
    const photo = aPng();
    await page.getByLabel('Fotos hinzufügen').setInputFiles({ name: 'jacke.png', mimeType: 'image/png', buffer: photo });
    const quote = await call('POST', '/v1/brands/demo/quotes', { sku: jacket.sku, answers: answersFor(jacket.category) });
    const offer = page.getByTestId('offer');
    await offer.waitFor();
    expect(await offer.textContent()).toContain(`${euro(quote.body.value.min)} bis ${euro(quote.body.value.max)}`);

    await fillAddress(page, 'erika.form@example.org');
    await page.getByLabel('Warum geben Sie das Produkt zurück?').selectOption({ label: demoBrand.config.returnReasons![0]!.label });
    await page.getByRole('radio', { name: 'Überweisung auf Ihr Konto' }).check();
    const iban = page.getByLabel('IBAN');
    // Checked as typed: one wrong digit is named next to the field before the form is sent.
    await iban.fill('DE89 3704 0044 0532 0130 01');
    await page.getByText('Diese IBAN ist nicht gültig. Bitte prüfen Sie sie Zeichen für Zeichen.').waitFor();
    expect(await iban.getAttribute('aria-invalid')).toBe('true');
    await iban.fill('DE89 3704 0044 0532 0130 00');
    await page.getByText('Die IBAN ist gültig.').waitFor();
    expect(await iban.getAttribute('aria-invalid')).toBeNull();
    // A name that fits the field but not the bank file once ä is written ae: said at the field, nothing sent.
    const holder = page.getByLabel('Kontoinhaber:in');
    await holder.fill('Ä'.repeat(36));
    await page.getByRole('button', { name: 'Rückgabe anmelden' }).click();
    await page.getByText('Dieser Name ist für eine Überweisung zu lang (höchstens 70 Zeichen, ä als ae und ß als ss gezählt).', { exact: false }).waitFor();
    expect(await holder.getAttribute('aria-invalid')).toBe('true');
    await holder.fill('Erika Mustermann');
    await screenshotsAndScan(page, 'trade-in-filled');

    await page.getByRole('button', { name: 'Rückgabe anmelden' }).click();
    await page.getByRole('heading', { name: 'Danke! Ihre Rückgabe ist angemeldet.' }).waitFor();
    const download = page.getByRole('link', { name: 'Etikett herunterladen (PDF)' });
    await download.waitFor();
    expect(await page.getByText(/Bitte schicken Sie das Paket bis \d+\. \w+ \d{4} ab\./).count()).toBe(1);
    expect(await page.getByText('Wir haben Ihnen das Etikett auch per E-Mail geschickt.').count()).toBe(1);
    expect(await page.getByText('Drucken Sie das Etikett aus oder zeigen Sie den QR-Code in einer DHL-Filiale.').count()).toBe(1);
    const qr = page.getByRole('img', { name: 'QR-Code für die DHL-Filiale' });
    await expect.poll(() => qr.evaluate((image) => image.complete && image.naturalWidth > 0)).toBe(true);
    await page.getByText('jacke.png ist hochgeladen.').waitFor();
    await screenshotsAndScan(page, 'trade-in-done');

    const [file] = await Promise.all([page.waitForEvent('download'), download.click()]);
    expect(file.suggestedFilename()).toMatch(/\.pdf$/);
    const pdf = Buffer.concat(await (await file.createReadStream()).toArray());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');

    // The tracking link of the confirmation reads the take-back the form registered.
    const tracking = new URL((await page.getByRole('link', { name: 'Rückgabe verfolgen' }).getAttribute('href'))!, 'http://x');
    // In the language the customer filled the form in, as the e-mails link it.
    expect(tracking.searchParams.get('lang')).toBe('de');
    const id = tracking.pathname.split('/').pop()!;
    const status = await call('GET', `/v1/take-backs/${id}?token=${encodeURIComponent(tracking.searchParams.get('token')!)}`);
    expect(status.body).toMatchObject({ id, status: 'LABEL_CREATED', product: { sku: jacket.sku } });
    // The photo chosen in the form reached the passport, where staff see it.
    const passport = await call('GET', `/v1/passports/${id}`, undefined, await demoOps());
    expect(passport.body.customerPhotos).toHaveLength(1);
    const stored = await fetch(passport.body.customerPhotos[0]);
    expect(Buffer.from(await stored.arrayBuffer())).toEqual(photo);
    await context.close();
  });

  it("counts the return reason picked in the form in the brand's returns report", async () => {
    // A brand of its own: its returns report holds this take-back alone.
    const brand = await aBrandLikeDemo(() => ({}));
    const reason = demoBrand.config.returnReasons![1]!;
    const { context, page } = await newPage();
    await page.goto(`/trade-in/${brand}`);
    await describeItem(page, jacket.sku, 'alpenglow');
    await page.getByTestId('offer').waitFor();
    await fillAddress(page, 'erika.reason@example.org');
    await page.getByLabel('Warum geben Sie das Produkt zurück?').selectOption({ label: reason.label });
    await page.getByRole('button', { name: 'Rückgabe anmelden' }).click();
    await page.getByRole('heading', { name: 'Danke! Ihre Rückgabe ist angemeldet.' }).waitFor();

    const analyst = await staff({ brand, roles: ['analyst'] });
    // Months around this one: the report reads them in the brand's time zone.
    const now = new Date();
    const month = (offset: number) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1)).toISOString().slice(0, 7);
    const counted = await eventually(async () => {
      const report = await call('GET', `/v1/reports/returns?from=${month(-1)}&to=${month(1)}&groupBy=month`, undefined, analyst);
      const row = report.body.products?.find((candidate: { sku: string }) => candidate.sku === jacket.sku);
      return row?.requested === 1 ? row : undefined;
    }, "the jacket's take-back in the returns report");
    expect(counted.topReturnReasons).toEqual([{ code: reason.code, label: reason.label, count: 1 }]);
    await context.close();
  });

  it('checks the postcode against the country as typed, and after a label DHL refused promises neither an e-mail nor printing', async () => {
    const { context, page } = await newPage();
    const sent: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().endsWith('/v1/brands/demo/take-backs')) sent.push(request.url());
    });
    await page.goto('/trade-in/demo');
    await describeItem(page, jacket.sku, 'alpenglow');
    await page.getByTestId('offer').waitFor();
    await fillAddress(page, 'erika.plz@example.org');

    // Told once the field is left, in the page's words, with a postcode of the country chosen.
    const postalCode = page.getByLabel('Postleitzahl', { exact: true });
    await postalCode.fill('ABCDE');
    expect(await postalCode.getAttribute('aria-invalid')).toBeNull();
    await postalCode.blur();
    await expect.poll(() => postalCode.getAttribute('aria-invalid')).toBe('true');
    const described = async () => page.locator(`[id="${(await postalCode.getAttribute('aria-describedby'))!.split(' ')[0]}"]`).textContent();
    await expect.poll(described).toBe('Diese Postleitzahl passt nicht zum gewählten Land. Bitte geben Sie sie so an: 10115.');
    await page.getByRole('button', { name: 'Rückgabe anmelden' }).click();
    await expect.poll(() => postalCode.evaluate((input) => input === input.ownerDocument.activeElement)).toBe(true);
    expect(sent).toEqual([]);
    // A German postcode is not an Austrian one (four digits).
    await postalCode.fill('10115');
    await page.getByLabel('Land', { exact: true }).selectOption({ label: 'Österreich' });
    await expect.poll(described).toBe('Diese Postleitzahl passt nicht zum gewählten Land. Bitte geben Sie sie so an: 1010.');
    await page.getByLabel('Land', { exact: true }).selectOption({ label: 'Deutschland' });
    await postalCode.fill(AN_ADDRESS_DHL_REFUSES.postalCode);
    expect(await postalCode.getAttribute('aria-invalid')).toBeNull();
    await page.getByLabel('Ort', { exact: true }).fill(AN_ADDRESS_DHL_REFUSES.city);

    // DHL refuses the label for a postcode no town has: there is nothing to print, and no e-mail went out.
    await page.getByRole('button', { name: 'Rückgabe anmelden' }).click();
    await page.getByText('Das Etikett konnte noch nicht erstellt werden.', { exact: false }).waitFor();
    expect(sent).toHaveLength(1);
    expect(await page.getByText('Wir haben Ihnen das Etikett auch per E-Mail geschickt.').count()).toBe(0);
    expect(await page.getByText('Drucken Sie das Etikett aus', { exact: false }).count()).toBe(0);
    await context.close();
  });

  it("checks the form every postcode has where the country's own is not checked (Ireland), in the page's words", async () => {
    const brand = await aBrandLikeDemo(() => ({ countries: ['DE', 'IE'] }));
    const { context, page } = await newPage();
    await page.goto(`/trade-in/${brand}`);
    await describeItem(page, jacket.sku, 'alpenglow');
    await page.getByTestId('offer').waitFor();
    await fillAddress(page, 'erika.eire@example.org');
    await page.getByLabel('Land', { exact: true }).selectOption({ label: 'Irland' });
    const postalCode = page.getByLabel('Postleitzahl', { exact: true });
    const described = async () => page.locator(`[id="${(await postalCode.getAttribute('aria-describedby'))!.split(' ')[0]}"]`).textContent();
    for (const refused of ['D02/X285', 'E1']) {
      await postalCode.fill(refused);
      await postalCode.blur();
      await expect.poll(() => postalCode.getAttribute('aria-invalid'), { message: refused }).toBe('true');
      await expect.poll(described, { message: refused }).toBe('Eine Postleitzahl hat 3 bis 10 Buchstaben und Ziffern, in Gruppen durch ein Leerzeichen oder einen Bindestrich getrennt.');
    }
    await postalCode.fill('D02 X285');
    await expect.poll(() => postalCode.getAttribute('aria-invalid')).toBeNull();
    await context.close();
  });

  it('shows what the API refuses next to its field in the page\'s words, and registers one take-back for a double click and a retry after a lost answer', async () => {
    const { context, page } = await newPage({ width: 360 });
    await page.goto('/trade-in/demo');
    await describeItem(page, laptop.sku, 'summit book');
    await page.getByTestId('offer').waitFor();
    await fillAddress(page, 'erika.twice@example.org');

    // A field the API refuses although the page's checks (the API's own rules) passed it: the page says so at the field
    // (problem+json errors[].path customer.email) in its own words, never with the API's English message.
    const email = page.getByLabel('E-Mail', { exact: true });
    await page.route('**/v1/brands/demo/take-backs', (route) =>
      route.fulfill({
        status: 400,
        contentType: 'application/problem+json',
        body: JSON.stringify({ type: 'about:blank', title: 'Invalid request', status: 400, errors: [{ in: 'body', path: ['customer', 'email'], message: 'must be an e-mail address' }] }),
      }),
    );
    await page.getByRole('button', { name: 'Rückgabe anmelden' }).click();
    await expect.poll(() => email.getAttribute('aria-invalid')).toBe('true');
    const described = (await email.getAttribute('aria-describedby'))!;
    expect(await page.locator(`[id="${described}"]`).textContent()).toBe('Diese Angabe können wir so nicht annehmen. Bitte prüfen Sie sie.');
    await expect.poll(() => email.evaluate((input) => input === input.ownerDocument.activeElement)).toBe(true);
    await page.unrouteAll();
    await email.fill('erika.twice@example.net');
    expect(await email.getAttribute('aria-invalid')).toBeNull();

    const sent = await losingTheFirstAnswer(page, 'demo');
    await page.getByRole('button', { name: 'Rückgabe anmelden' }).dblclick();
    await page.getByText('Wir haben keine Antwort erhalten', { exact: false }).waitFor();
    await page.getByRole('button', { name: 'Noch einmal senden' }).click();
    await page.getByRole('heading', { name: 'Danke! Ihre Rückgabe ist angemeldet.' }).waitFor();

    expect(sent).toHaveLength(2);
    expect(sent[1]!.key).toBe(sent[0]!.key);
    const tracking = new URL((await page.getByRole('link', { name: 'Rückgabe verfolgen' }).getAttribute('href'))!, 'http://x');
    const id = tracking.pathname.split('/').pop()!;
    await page.getByRole('link', { name: 'Etikett herunterladen (PDF)' }).waitFor();
    expect(await eventually(async () => ((await takeBacksOf(laptop.sku)).length > 0 ? takeBacksOf(laptop.sku) : undefined), 'the take-back')).toEqual([id]);
    await context.close();
  });

  it("says in the page's language that the link names no brand, not with the API's English problem", async () => {
    const { context, page } = await newPage();
    await page.goto('/trade-in/nobrand');
    await page.getByRole('alert').filter({ hasText: 'Diese Marke nimmt hier keine Artikel zurück.' }).waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Diese Seite gibt es nicht.');
    expect(await page.getByText(/Not found|No brand/).count()).toBe(0);
    await context.close();

    // A name that cannot be a brand's (the API's 400 at the path) is the same wrong link, in English on an English browser.
    const english = await newPage({ locale: 'en-GB' });
    await english.page.goto('/trade-in/No%20Brand');
    await english.page.getByRole('alert').filter({ hasText: 'This brand does not take items back here.' }).waitFor();
    expect(await english.page.getByText(/Invalid request|must be a brand slug/).count()).toBe(0);
    await english.context.close();
  });

  it('says that a brand still being set up takes nothing back yet, instead of a form whose offer the API would refuse', async () => {
    const brand = await aBrandLikeDemo(() => ({ routing: undefined }));
    const { context, page } = await newPage();
    await page.goto(`/trade-in/${brand}`);
    await page.getByRole('status').filter({ hasText: 'Demo Outfitters nimmt hier noch keine Artikel zurück.' }).waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Demo Outfitters');
    expect(await page.getByRole('searchbox').count()).toBe(0);
    expect(await page.locator('form').count()).toBe(0);
    await screenshotsAndScan(page, 'trade-in-not-yet');
    await context.close();
  });

  it("finds a product by its category's names, the published one and the brand's own, as well as by its name", async () => {
    const brand = await aBrandLikeDemo(() => ({ categoryNames: { shoes: 'Bergstiefel' } }));
    const { context, page } = await newPage();
    const boots = demoBrand.products.find((candidate) => candidate.category === 'shoes')!;
    const listed = () => page.getByRole('group', { name: 'Produkt' }).getByRole('radio').evaluateAll((radios) => radios.map((radio) => radio.closest('label')?.textContent));
    await page.goto(`/trade-in/${brand}`);
    await page.getByLabel('Produkt suchen').waitFor();

    // "Schuhe" is the published category's German name; "Bergstiefel" the brand's; neither is in the boots' English name.
    for (const search of ['schuhe', 'Bergstiefel', 'bergstiefel 42']) {
      await page.getByLabel('Produkt suchen').fill(search);
      await expect.poll(listed, { message: search }).toEqual([boots.name]);
    }
    await page.getByLabel('Produkt suchen').fill('bergstiefel 43');
    await page.getByText('Kein Produkt passt zu dieser Suche.').waitFor();
    await page.getByLabel('Produkt suchen').fill('jacke');
    await expect.poll(listed).toEqual(demoBrand.products.filter((candidate) => candidate.category === 'jacket').map((candidate) => candidate.name));
    await context.close();
  });

  it('after an answer lost once the take-back was made, keeps what was sent, sends it again in the language switched to, and shows the one take-back', async () => {
    // A brand of its own: its take-backs are this test's alone.
    const brand = await aBrandLikeDemo(() => ({}));
    const down = product('DO-JKT-FJELL-DOWN-W');
    const { context, page } = await newPage();
    const sent = await losingTheFirstAnswer(page, brand);
    await page.goto(`/trade-in/${brand}`);
    await describeItem(page, down.sku, 'fjell');
    await page.getByTestId('offer').waitFor();
    await fillAddress(page, 'erika.lost@example.org');
    await page.getByRole('button', { name: 'Rückgabe anmelden' }).click();

    // The page says what it knows, and holds the fields as they were sent: a changed request could not be sent under the key.
    await page.getByRole('alert').filter({ hasText: 'Wir haben keine Antwort erhalten und wissen daher nicht, ob Ihre Rückgabe angemeldet ist.' }).waitFor();
    expect(await page.getByLabel('Straße', { exact: true }).isEditable()).toBe(false);
    expect(await page.getByText(/Keine Verbindung|Network error/).count()).toBe(0);

    // The customer switches to English (the language is part of the request) and sends once more: the same request again.
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('alert').filter({ hasText: 'No answer came, so we do not know whether your trade-in is registered.' }).waitFor();
    await page.getByRole('button', { name: 'Send once more' }).click();
    await page.getByRole('heading', { name: 'Thank you! Your trade-in is registered.' }).waitFor();
    expect(await page.getByText(/Idempotency-Key/).count()).toBe(0);

    expect(sent).toHaveLength(2);
    expect(sent[1]).toEqual(sent[0]);
    expect(JSON.parse(sent[0]!.body!).customer.locale).toBe('de');
    const tracking = new URL((await page.getByRole('link', { name: 'Track your trade-in' }).getAttribute('href'))!, 'http://x');
    expect(await takeBacksOf(down.sku, brand)).toEqual([tracking.pathname.split('/').pop()]);
    await context.close();
  });

  it("holds a request whose answer was lost through API Gateway's throttling 429 of its repeat, and makes one take-back", async () => {
    const brand = await aBrandLikeDemo(() => ({}));
    const { context, page } = await newPage();
    // API Gateway's own throttling answer to the first repeat, not the API's problem document (docs/errors.md): it never reached the API.
    const sent = await losingTheFirstAnswer(page, brand, (route, sent) =>
      sent.length === 2 ? route.fulfill({ status: 429, contentType: 'application/json', body: '{"message":"Too Many Requests"}' }) : route.continue(),
    );
    await aTradeInUnanswered(page, brand, 'erika.throttled@example.org');
    await page.getByRole('button', { name: 'Noch einmal senden' }).click();

    // Still held: the 429 says nothing of the first request, which may (and did) make the take-back.
    await page.getByRole('alert').filter({ hasText: 'Bitte warten Sie einen Moment und senden Sie sie dann noch einmal' }).waitFor();
    expect(await page.getByLabel('Straße', { exact: true }).isEditable()).toBe(false);
    expect(await page.getByText(/Too Many Requests/).count()).toBe(0);
    await page.getByRole('button', { name: 'Noch einmal senden' }).click();
    await page.getByRole('heading', { name: 'Danke! Ihre Rückgabe ist angemeldet.' }).waitFor();

    expect(new Set(sent.map(({ key }) => key)).size).toBe(1);
    await expectOneTakeBackOfTheJacket(page, brand);
    // The held request (the customer's details) is not kept once answered.
    await expectOnlyTheConfirmationKept(page, brand);
    await context.close();
  });

  it('holds a request whose answer was lost across a reload of the page, and sends it again as it was: one take-back', async () => {
    const brand = await aBrandLikeDemo(() => ({}));
    const { context, page } = await newPage();
    const sent = await losingTheFirstAnswer(page, brand);
    await aTradeInUnanswered(page, brand, 'erika.reload@example.org');

    // The customer reloads: the page shows the request as sent, held, and sends nothing by itself.
    await page.reload();
    await expectHeldAndSentAgainOnce(page, brand, sent);
    await context.close();
  });

  it('holds a request the page is reloaded on while its answer is still on the way, and sends it again as it was: one take-back', async () => {
    const brand = await aBrandLikeDemo(() => ({}));
    const { context, page } = await newPage();
    // The first request reaches the API and makes the take-back; its answer is held back until the page has gone.
    const sent: SentTakeBack[] = [];
    let made = false;
    let release = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    await page.route(`**/v1/brands/${brand}/take-backs`, async (route) => {
      sent.push({ key: route.request().headers()['idempotency-key']!, body: route.request().postData() });
      if (sent.length > 1) return route.continue();
      expect((await route.fetch()).status()).toBe(201);
      made = true;
      await released;
      await route.abort('connectionreset').catch(() => undefined);
    });
    await page.goto(`/trade-in/${brand}`);
    await describeItem(page, jacket.sku, 'alpenglow');
    await page.getByTestId('offer').waitFor();
    await fillAddress(page, 'erika.waiting@example.org');
    await page.getByRole('button', { name: 'Rückgabe anmelden' }).click();
    await expect.poll(() => made).toBe(true);

    // The customer reloads while waiting: the page shows the request as sent, held, not an empty form to fill in again.
    await page.reload();
    release();
    await expectHeldAndSentAgainOnce(page, brand, sent);
    await context.close();
  });

  it("keeps a request held whose repeat a page not the API's answers with 200, such as a hotel network's login: one take-back", async () => {
    const brand = await aBrandLikeDemo(() => ({}));
    const { context, page } = await newPage();
    const sent = await losingTheFirstAnswer(page, brand, (route, sent) =>
      sent.length === 2 ? route.fulfill({ status: 200, contentType: 'text/html', body: '<html><body>Hotel WiFi: please log in</body></html>' }) : route.continue(),
    );
    await aTradeInUnanswered(page, brand, 'erika.portal@example.org');
    await page.getByRole('button', { name: 'Noch einmal senden' }).click();
    await expect.poll(() => sent.length).toBe(2);

    // The login page is no answer to the request: still held, as sent.
    await page.getByRole('alert').filter({ hasText: 'Wir haben keine Antwort erhalten' }).waitFor();
    expect(await page.getByLabel('Straße', { exact: true }).isEditable()).toBe(false);
    expect(await page.evaluate((key) => sessionStorage.getItem(key), `kreislauf.trade-in.${brand}.held`)).not.toBeNull();
    await page.getByRole('button', { name: 'Noch einmal senden' }).click();
    await page.getByRole('heading', { name: 'Danke! Ihre Rückgabe ist angemeldet.' }).waitFor();

    expect(new Set(sent.map(({ key }) => key)).size).toBe(1);
    await expectOneTakeBackOfTheJacket(page, brand);
    await context.close();
  });

  it("says in German that the page could not be loaded when the catalog's answer is not the platform's, and loads it again when asked", async () => {
    const { context, page } = await newPage();
    const errors: Error[] = [];
    page.on('pageerror', (error) => errors.push(error));
    // A hotel network's login page answers 200 HTML, another service 200 JSON of another shape; then the network is back.
    const answers = [
      { status: 200, contentType: 'text/html', body: '<html><body>Hotel WiFi: please log in</body></html>' },
      { status: 200, contentType: 'application/json', body: '{"status":"ok","products":{}}' },
    ];
    let answered = 0;
    await page.route('**/v1/brands/demo/catalog', (route) => (answered < answers.length ? route.fulfill(answers[answered++]!) : route.continue()));
    await page.goto('/trade-in/demo');
    const failed = page.getByRole('alert').filter({ hasText: 'Die Seite konnte gerade nicht geladen werden.' });
    await failed.waitFor();
    expect(await page.getByText('Wird geladen').count()).toBe(0);
    await screenshotsAndScan(page, 'trade-in-not-the-platform');
    await page.getByRole('button', { name: 'Erneut versuchen' }).click();
    await expect.poll(() => answered).toBe(2);
    await failed.waitFor();
    await page.getByRole('button', { name: 'Erneut versuchen' }).click();
    await page.getByRole('heading', { level: 1, name: `Zurückgeben bei ${demoBrand.config.name}` }).waitFor();
    expect(await failed.count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('drops a held request it did not write, and shows the form to fill in, not a blank page or an offer it would not send', async () => {
    const { context, page } = await newPage();
    await page.goto('/trade-in/demo');
    await page.getByRole('heading', { level: 1 }).waitFor();
    const key = 'kreislauf.trade-in.demo.held';
    const quote = { quoteId: '01M98AAAAAAAAAAAAAAAAAAAAA', sku: jacket.sku, grade: 'GOOD', value: { min: 99_900, max: 99_900, currency: 'EUR' }, validUntil: '2030-01-01T00:00:00.000Z' };
    const body = { quoteId: '01M98BBBBBBBBBBBBBBBBBBBBB', customer: { name: 'Erika', email: 'erika@example.org' }, payout: { method: 'VOUCHER' } };
    for (const entry of [
      { key: randomUUID(), at: new Date().toISOString(), sku: jacket.sku, answers: {}, quote, body },
      { key: randomUUID(), at: new Date().toISOString(), sku: jacket.sku, answers: {}, quote, body: { ...body, quoteId: quote.quoteId, address: { street: 'Hauptstraße', houseNumber: '5', postalCode: '10115', city: 'Berlin', country: 'DE' }, hidden: 'x' } },
    ]) {
      await page.evaluate(([name, value]) => sessionStorage.setItem(name!, value!), [key, JSON.stringify(entry)]);
      await page.reload();
      await page.getByRole('heading', { level: 1 }).waitFor();
      expect(await page.getByLabel('Straße', { exact: true }).isEditable()).toBe(true);
      expect(await page.getByLabel('Straße', { exact: true }).inputValue()).toBe('');
      expect(await page.getByText('999,00 €').count()).toBe(0);
      expect(await page.evaluate((name) => sessionStorage.getItem(name), key)).toBeNull();
    }
    await context.close();
  });

  it('after a lost answer, says of a quote found used that the trade-in is probably registered, and works out a new offer only when asked', async () => {
    const brand = await aBrandLikeDemo(() => ({}));
    const { context, page } = await newPage();
    let quotes = 0;
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().endsWith(`/v1/brands/${brand}/quotes`)) quotes += 1;
    });
    // As the API answers the same key when the take-back made could not have its answer stored (then the route runs again
    // once the key's 60 s lock ran out), or once its record is gone (a day later): the take-back made used the quote.
    const sent = await losingTheFirstAnswer(page, brand, (route) =>
      route.fulfill({
        status: 409,
        contentType: 'application/problem+json',
        body: JSON.stringify({ type: 'https://kreislauf.dev/problems/conflict', title: 'Conflict', status: 409, detail: 'This quote was used for a take-back already; ask for a new quote.' }),
      }),
    );
    await aTradeInUnanswered(page, brand, 'erika.used@example.org');
    await page.getByRole('button', { name: 'Noch einmal senden' }).click();

    await page.getByRole('alert').filter({ hasText: 'Ihre Rückgabe ist wahrscheinlich schon angemeldet' }).waitFor();
    expect(await page.getByText('Bitte sehen Sie in Ihrem Postfach nach der E-Mail mit dem Rücksendeetikett.', { exact: false }).count()).toBe(1);
    expect(await page.getByText('Ihr Angebot war nicht mehr gültig', { exact: false }).count()).toBe(0);
    expect(quotes).toBe(1);
    expect(sent).toHaveLength(2);
    await page.getByTestId('submit-problem').getByRole('button', { name: 'Angebot erneut berechnen' }).click();
    await page.getByText('Ihr Angebot war nicht mehr gültig', { exact: false }).waitFor();
    await page.getByTestId('offer').waitFor();
    expect(quotes).toBe(2);
    await context.close();
  });

  it("says in the page's words, before sending, what the API's rules refuse: a control character, a web address as a name, an e-mail address, an account holder in another script", async () => {
    const { context, page } = await newPage();
    let posts = 0;
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().endsWith('/take-backs')) posts += 1;
    });
    await page.goto('/trade-in/demo');
    await describeItem(page, jacket.sku, 'alpenglow');
    await page.getByTestId('offer').waitFor();
    await fillAddress(page, 'erika.rules@example.org');
    const submit = page.getByRole('button', { name: 'Rückgabe anmelden' });
    const notOneLine = 'Bitte ohne Tabulator, Zeilenumbruch oder unsichtbare Steuerzeichen (sie kommen oft mit kopiertem Text). Tippen Sie die Angabe am besten neu.';

    // A right-to-left override pasted with the name, a tab pasted into the street.
    await page.getByLabel('Name', { exact: true }).fill('Erika\u202eMustermann');
    await page.getByLabel('Straße', { exact: true }).fill('Haupt\tstraße');
    await submit.click();
    await expect.poll(() => saidAt(page, 'Name')).toBe(notOneLine);
    expect(await saidAt(page, 'Straße')).toBe(notOneLine);
    await page.getByLabel('Name', { exact: true }).fill('Erika Mustermann');
    await page.getByLabel('Straße', { exact: true }).fill('Hauptstraße');

    // A web address as the name, which the label e-mail's greeting would show as a link, in any spelling; two people's
    // initials and names with a slash are a name (refused until the evening of 7 December 2026).
    const nameHoldsAddress = 'Bitte nur Ihren Namen, ohne Web- oder E-Mail-Adresse.';
    for (const name of ['https://evil.example/refund', 'evil.example?refund=1', 'ｗｗｗ．evil．example']) {
      await page.getByLabel('Name', { exact: true }).fill('Erika\tMustermann');
      await submit.click();
      await expect.poll(() => saidAt(page, 'Name')).toBe(notOneLine);
      await page.getByLabel('Name', { exact: true }).fill(name);
      await submit.click();
      await expect.poll(() => saidAt(page, 'Name'), { message: name }).toBe(nameHoldsAddress);
    }
    await page.getByLabel('Name', { exact: true }).fill('H.Meier/K.Schulz');
    await page.getByLabel('E-Mail', { exact: true }).fill('jörg@example.org');
    await submit.click();
    await expect.poll(() => saidAt(page, 'E-Mail')).toBe('Bitte geben Sie eine gültige E-Mail-Adresse an.');
    expect(await saidAt(page, 'Name')).not.toBe(nameHoldsAddress);

    // Addresses an @ and a dot would let through, which the API does not take (a local part over 64 characters neither).
    for (const address of ['jörg@example.org', 'a@b.c', 'a..b@example.org', `${'a'.repeat(65)}@example.org`]) {
      await page.getByLabel('E-Mail', { exact: true }).fill(address);
      await submit.click();
      await expect.poll(() => saidAt(page, 'E-Mail'), { message: address }).toBe('Bitte geben Sie eine gültige E-Mail-Adresse an.');
    }
    await page.getByLabel('E-Mail', { exact: true }).fill('erika.rules@example.org');

    await page.getByLabel('Überweisung auf Ihr Konto').check();
    await page.getByLabel('IBAN', { exact: true }).fill('DE89 3704 0044 0532 0130 00');
    await page.getByLabel('Kontoinhaber:in', { exact: true }).fill('محمد عبد الله');
    await submit.click();
    await expect.poll(() => saidAt(page, 'Kontoinhaber:in')).toBe('Bitte schreiben Sie den Namen in lateinischen Buchstaben, so wie Ihre Bank ihn führt.');
    expect(posts).toBe(0);
    await context.close();
  });

  it("says in the page's language that the address had its return labels for the day (429), never the API's English", async () => {
    const brand = await aBrandLikeDemo(() => ({ labelEmailsPerAddressPerDay: 1 }));
    const phone = product('DO-PHONE-X2-128');
    const email = 'erika.cap@example.org';
    const quote = await call('POST', `/v1/brands/${brand}/quotes`, { sku: phone.sku, answers: answersFor(phone.category) });
    const first = await call('POST', `/v1/brands/${brand}/take-backs`, { ...aTakeBackBody(quote.body.quoteId), customer: { name: 'Erika Mustermann', email } }, { 'idempotency-key': randomUUID() });
    expect(first.status).toBe(201);

    const { context, page } = await newPage();
    await page.goto(`/trade-in/${brand}`);
    await describeItem(page, jacket.sku, 'alpenglow');
    await page.getByTestId('offer').waitFor();
    await fillAddress(page, email);
    const [refused] = await Promise.all([
      page.waitForResponse((response) => response.url().endsWith(`/v1/brands/${brand}/take-backs`)),
      page.getByRole('button', { name: 'Rückgabe anmelden' }).click(),
    ]);
    expect(refused.status()).toBe(429);
    await page
      .getByRole('alert')
      .filter({ hasText: `Diese E-Mail-Adresse hat heute schon so viele Rücksendeetiketten von ${demoBrand.config.name} bekommen, wie wir einer Adresse an einem Tag schicken.` })
      .waitFor();
    expect(await page.getByText(/Too many requests|return labels a day/).count()).toBe(0);
    // A definite refusal: the customer may change the address and send a new request.
    expect(await page.getByLabel('E-Mail', { exact: true }).isEditable()).toBe(true);
    await context.close();
  });

  it("says in the page's language that the offer could not be worked out (503), and works it out again when asked", async () => {
    const { context, page } = await newPage();
    let quotes = 0;
    await page.route('**/v1/brands/demo/quotes', async (route) => {
      quotes += 1;
      if (quotes > 1) return route.continue();
      return route.fulfill({ status: 503, contentType: 'application/problem+json', body: JSON.stringify({ type: 'about:blank', title: 'Service Unavailable', status: 503, detail: 'The function timed out.' }) });
    });
    await page.goto('/trade-in/demo');
    await describeItem(page, jacket.sku, 'alpenglow');
    await page.getByRole('alert').filter({ hasText: 'Ihr Angebot konnte gerade nicht berechnet werden.' }).waitFor();
    expect(await page.getByText(/Service Unavailable|timed out/).count()).toBe(0);
    await page.getByRole('button', { name: 'Angebot erneut berechnen' }).click();
    await page.getByTestId('offer').waitFor();
    expect(quotes).toBe(2);
    await context.close();
  });

  it('sends a take-back submitted while the offer is still worked out once the offer is there, and says so meanwhile', async () => {
    const brand = await aBrandLikeDemo(() => ({}));
    const { context, page } = await newPage();
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    await page.route(`**/v1/brands/${brand}/quotes`, async (route) => {
      await released;
      await route.continue();
    });
    await page.goto(`/trade-in/${brand}`);
    await describeItem(page, jacket.sku, 'alpenglow');
    await fillAddress(page, 'erika.eager@example.org');
    await page.getByRole('button', { name: 'Rückgabe anmelden' }).click();
    await page.getByText('Ihr Angebot wird noch berechnet. Sobald es da ist, senden wir Ihre Anmeldung.').waitFor();
    release();
    await page.getByRole('heading', { name: 'Danke! Ihre Rückgabe ist angemeldet.' }).waitFor();
    expect(await eventually(async () => ((await takeBacksOf(jacket.sku, brand)).length > 0 ? takeBacksOf(jacket.sku, brand) : undefined), 'the take-back')).toHaveLength(1);
    await context.close();
  });

  it('shows the thank-you page of the take-back made again after a reload, never an empty form, and a new one only when asked', async () => {
    const brand = await aBrandLikeDemo(() => ({}));
    const { context, page } = await newPage();
    await page.goto(`/trade-in/${brand}`);
    await describeItem(page, jacket.sku, 'alpenglow');
    await page.getByTestId('offer').waitFor();
    await fillAddress(page, 'erika.reloaded@example.org');
    const [made] = await Promise.all([
      page.waitForResponse((response) => response.url().endsWith(`/v1/brands/${brand}/take-backs`)),
      page.getByRole('button', { name: 'Rückgabe anmelden' }).click(),
    ]);
    expect(made.status()).toBe(201);
    await page.getByRole('heading', { name: 'Danke! Ihre Rückgabe ist angemeldet.' }).waitFor();
    const link = page.getByRole('link', { name: 'Rückgabe verfolgen' });
    const tracking = await link.getAttribute('href');

    // Reloaded (also while the label is being made): the same thank-you page, the same take-back, no form to fill in again.
    await page.reload();
    await page.getByRole('heading', { name: 'Danke! Ihre Rückgabe ist angemeldet.' }).waitFor();
    expect(await link.getAttribute('href')).toBe(tracking);
    expect(await page.locator('form').count()).toBe(0);
    await page.getByRole('link', { name: 'Etikett herunterladen (PDF)' }).waitFor();
    await expectOnlyTheConfirmationKept(page, brand);
    await expectOneTakeBackOfTheJacket(page, brand);

    // A second take-back is the customer's explicit choice: an empty form, nothing kept.
    await page.getByRole('button', { name: 'Weitere Rückgabe anmelden' }).click();
    await page.getByRole('heading', { level: 1, name: `Zurückgeben bei ${demoBrand.config.name}` }).waitFor();
    expect(await page.getByLabel('Straße', { exact: true }).inputValue()).toBe('');
    expect(await page.getByLabel('Straße', { exact: true }).isEditable()).toBe(true);
    expect(await page.getByRole('radio', { name: jacket.name }).isChecked()).toBe(false);
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    await page.reload();
    await page.getByLabel('Straße', { exact: true }).waitFor();
    expect(await page.getByRole('heading', { name: 'Danke! Ihre Rückgabe ist angemeldet.' }).count()).toBe(0);
    await context.close();
  });

  it('after an unanswered request, says of its refusal for a product taken out of the catalog that nothing was registered, and lets the customer start again', async () => {
    const brand = await aBrandLikeDemo(() => ({}));
    const { context, page } = await newPage();
    // The first request never reaches the API; the brand then takes the jacket out of its catalog, which the API's
    // refusal of the same request says (409 naming the SKU).
    const sent = await takenOutAfterAFirstUnsent(page, brand);
    await aTradeInUnanswered(page, brand, 'erika.takenout@example.org');
    await page.reload();
    await page.getByRole('button', { name: 'Noch einmal senden' }).click();

    await page
      .getByRole('alert')
      .filter({ hasText: `Ihre Rückgabe ist nicht angemeldet: ${demoBrand.config.name} nimmt diesen Artikel inzwischen nicht mehr zurück.` })
      .waitFor();
    expect(sent).toHaveLength(2);
    expect(sent[1]).toEqual(sent[0]);
    expect(await page.getByText(/wahrscheinlich schon angemeldet|Postfach|no longer takes back/).count()).toBe(0);
    // Nothing held: the customer picks again, the details as they were and editable.
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    expect(await page.getByLabel('Straße', { exact: true }).isEditable()).toBe(true);
    expect(await page.getByLabel('Straße', { exact: true }).inputValue()).toBe('Hauptstraße');
    expect(await page.getByRole('radio', { name: jacket.name }).isChecked()).toBe(false);
    expect(await page.getByRole('button', { name: 'Rückgabe anmelden' }).count()).toBe(1);
    expect(await takeBacksOf(jacket.sku, brand)).toEqual([]);
    await context.close();
  });

  it('after an unanswered request refused past the day its key is answered for, still says that the trade-in is probably registered', async () => {
    const brand = await aBrandLikeDemo(() => ({}));
    const { context, page } = await newPage();
    await takenOutAfterAFirstUnsent(page, brand);
    await aTradeInUnanswered(page, brand, 'erika.dayafter@example.org');
    // First sent 25 hours ago: the API no longer answers a take-back made under the key with its 201.
    const key = `kreislauf.trade-in.${brand}.held`;
    await page.evaluate((name) => {
      const held = JSON.parse(sessionStorage.getItem(name)!);
      sessionStorage.setItem(name, JSON.stringify({ ...held, at: new Date(Date.now() - 25 * 3600 * 1000).toISOString() }));
    }, key);
    await page.reload();
    await page.getByRole('button', { name: 'Noch einmal senden' }).click();
    await page.getByRole('alert').filter({ hasText: 'Ihre Rückgabe ist wahrscheinlich schon angemeldet' }).waitFor();
    expect(await page.getByText('nimmt diesen Artikel inzwischen nicht mehr zurück', { exact: false }).count()).toBe(0);
    await context.close();
  });

  it('says once that the brand no longer takes the item back when its offer is refused for good (404), with no retry that cannot succeed', async () => {
    const brand = await aBrandLikeDemo(() => ({}));
    const { context, page } = await newPage();
    // The jacket's take-back is refused as taken out of the catalog; the API's catalog, kept for 60 s, still lists it,
    // and its offer is then answered 404.
    let takenOut = false;
    await page.route(`**/v1/brands/${brand}/take-backs`, async (route) => {
      takenOut = true;
      await route.fulfill(productTakenOut(demoBrand.config.name, jacket.sku));
    });
    await page.route(`**/v1/brands/${brand}/quotes`, (route) => (takenOut ? route.fulfill(noSuchProduct(jacket.sku)) : route.continue()));
    await page.goto(`/trade-in/${brand}`);
    await describeItem(page, jacket.sku, 'alpenglow');
    await page.getByTestId('offer').waitFor();
    await fillAddress(page, 'erika.gone@example.org');
    await page.getByRole('button', { name: 'Rückgabe anmelden' }).click();
    const refused = page.getByRole('alert').filter({ hasText: 'Ihre Rückgabe ist nicht angemeldet' });
    await refused.waitFor();
    expect(await page.getByText(/Ihr Angebot war nicht mehr gültig|konnte gerade nicht berechnet werden/).count()).toBe(0);

    // Picked again from the page's catalog: its offer says why there is none, once, and offers no retry.
    await describeItem(page, jacket.sku, 'alpenglow');
    await page.getByRole('alert').filter({ hasText: `${demoBrand.config.name} nimmt diesen Artikel nicht mehr zurück, daher können wir kein Angebot machen.` }).waitFor();
    expect(await page.getByRole('button', { name: 'Angebot erneut berechnen' }).count()).toBe(0);
    expect(await page.getByText(/Ihr Angebot war nicht mehr gültig|konnte gerade nicht berechnet werden|has no product/).count()).toBe(0);
    await context.close();
  });

  it('after "probably registered", says of a new offer refused for good only that the item is no longer taken back', async () => {
    const brand = await aBrandLikeDemo(() => ({}));
    const { context, page } = await newPage();
    let quotes = 0;
    await page.route(`**/v1/brands/${brand}/quotes`, (route) => (++quotes > 1 ? route.fulfill(noSuchProduct(jacket.sku)) : route.continue()));
    await losingTheFirstAnswer(page, brand, (route) =>
      route.fulfill(apiProblem(409, 'conflict', 'Conflict', 'This quote was used for a take-back already; ask for a new quote.')),
    );
    await aTradeInUnanswered(page, brand, 'erika.renew@example.org');
    await page.getByRole('button', { name: 'Noch einmal senden' }).click();
    await page.getByRole('alert').filter({ hasText: 'Ihre Rückgabe ist wahrscheinlich schon angemeldet' }).waitFor();

    await page.getByTestId('submit-problem').getByRole('button', { name: 'Angebot erneut berechnen' }).click();
    await page.getByRole('alert').filter({ hasText: `${demoBrand.config.name} nimmt diesen Artikel nicht mehr zurück` }).waitFor();
    expect(quotes).toBe(2);
    // One message: not "a new offer is being worked out" beside it, and no retry of an offer that cannot be made.
    await expect.poll(() => page.getByRole('alert').count()).toBe(1);
    expect(await page.getByText(/Ihr Angebot war nicht mehr gültig|konnte gerade nicht berechnet werden/).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Angebot erneut berechnen' }).count()).toBe(0);
    await context.close();
  });

  it('says what it found at the fields in the language switched to', async () => {
    const { context, page } = await newPage();
    await page.goto('/trade-in/demo');
    await describeItem(page, jacket.sku, 'alpenglow');
    await page.getByLabel('Name', { exact: true }).fill('Halb Fertig');
    await page.getByLabel('E-Mail', { exact: true }).fill('jörg@example.org');
    await page.getByRole('button', { name: 'Rückgabe anmelden' }).click();
    await expect.poll(() => saidAt(page, 'Straße')).toBe('Bitte ausfüllen.');
    expect(await saidAt(page, 'E-Mail')).toBe('Bitte geben Sie eine gültige E-Mail-Adresse an.');

    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => saidAt(page, 'Street')).toBe('Please fill this in.');
    expect(await saidAt(page, 'E-mail')).toBe('Please give a valid e-mail address.');
    await page.getByText('Please check the marked fields.').waitFor();
    expect(await page.getByText(/Bitte ausfüllen|Bitte geben Sie/).count()).toBe(0);
    await context.close();
  });
});
