import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { demoBrand } from '../../local/seed/demo-brand';
import type { RejectionReason } from '../../shared/domain/parcel-rejection';
import { call, eventually } from '../e2e/client';
import { aBrandLikeDemo, aQueuedTransferThatDoesNotOpen, admin } from '../e2e/payouts-support';
import { AN_ADDRESS_DHL_REFUSES, aTakeBack, aTakeBackBody, answersFor, outboxOfPassport, untilStatus } from '../e2e/support';
import { aLabelledTakeBack, aReceivedTakeBack, demoOps, grade, untilState } from '../e2e/warehouse';
import { disconnect, newPage, screenshotsAndScan } from './support';

// The tracking page the e-mails link to, as the take-back moves on through the staff API.

const trackingPage = (id: string, token: string, extra = '') => `/track/${id}?token=${encodeURIComponent(token)}${extra}`;
const status = async (id: string, token: string) => (await call('GET', `/v1/take-backs/${id}?token=${encodeURIComponent(token)}`)).body;
/** The warehouse rejects the received parcel, as ops. */
const reject = async (id: string, reason: RejectionReason, notes: string) =>
  call('POST', `/v1/passports/${id}/rejection`, { reason, notes }, { ...(await demoOps()), 'idempotency-key': randomUUID() });

describe('the tracking page', () => {
  afterAll(disconnect);

  it('shows the next step, the label again and the CO2e with its source, and after grading the voucher code', async () => {
    const { id, trackingToken } = await aLabelledTakeBack('LIKE_NEW');
    const { context, page } = await newPage({ locale: 'en-GB' });
    // The brand's language (German) opens the page; the visitor switches to English.
    await page.goto(trackingPage(id, trackingToken));
    await page.getByText('Schicken Sie das Paket mit dem Etikett ab.').waitFor();
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByText('Send the parcel with the label.').waitFor();
    expect(await page.getByRole('link', { name: 'Download the label (PDF)' }).getAttribute('href')).toContain(`/v1/take-backs/${id}/label?token=`);
    const before = await status(id, trackingToken);
    expect(await page.getByTestId('impact').textContent()).toMatch(/Your trade-in saves about [\d.]+ kg CO₂e\./);
    // Cited once with its year: the published sources name it already.
    expect(before.impact.factor.source).toContain(String(before.impact.factor.year));
    await page.getByText(`Source: ${before.impact.factor.source}`, { exact: true }).waitFor();
    expect(await page.getByRole('listitem').filter({ hasText: 'Shipping label created' }).count()).toBe(1);
    await screenshotsAndScan(page, 'track-label');

    // The warehouse receives and grades the item as described; the payout workflow issues the voucher.
    await untilState(id, 'LABEL_CREATED');
    const received = await call('POST', `/v1/passports/${id}/receipt`, {}, await (await import('../e2e/warehouse')).demoOps());
    expect(received.status).toBe(200);
    expect((await grade(id, 'LIKE_NEW')).status).toBe(200);
    const voucher = await eventually(async () => (await status(id, trackingToken)).payout?.voucher, 'the voucher');
    await page.reload();
    const code = page.getByTestId('voucher-code');
    await code.waitFor();
    expect(await code.textContent()).toBe(voucher.code);
    // The day the expiry names: it ends with a UTC day (23:59:59.999Z), the next day already in the brand's Berlin.
    expect(voucher.expiresAt).toMatch(/T23:59:59\.999Z$/);
    const expiryDay = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(voucher.expiresAt));
    await page.getByText(`Valid until ${expiryDay}`, { exact: true }).waitFor();
    // The language the visitor chose is kept.
    await page.getByRole('heading', { name: 'Payout' }).waitFor();
    await screenshotsAndScan(page, 'track-voucher');

    // Graded and paid, waiting for its next life (a brand that resells nothing keeps it there, and an item its buyer
    // sent back is there until it is listed again): the payout is no longer "on its way". The API's answer as it was,
    // in that state, after a sale and its buyer's return.
    const paid = await status(id, trackingToken);
    expect(paid.payout.status).toBe('ISSUED');
    const at = new Date().toISOString();
    // Listed, withdrawn by a person and listed again before the sale: one step for the customer.
    const listed = { type: 'Listed', at, status: 'LISTED' };
    const timeline = [...paid.timeline, listed, { type: 'ListingWithdrawn', at, status: 'LISTED' }, listed, { type: 'Sold', at, status: 'SOLD' }, { type: 'SaleReturned', at, status: 'GRADED' }];
    await page.route('**/v1/take-backs/*?token=*', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ ...paid, status: 'GRADED', timeline }) }));
    await page.reload();
    await expect.poll(() => page.getByTestId('next-step').textContent()).toBe('You have received your payout. Your old product is now being prepared for its next life.');
    expect(await page.getByRole('listitem').filter({ hasText: 'The buyer returned the product' }).count()).toBe(1);
    expect(await page.getByRole('listitem').filter({ hasText: 'Product is up for resale' }).count()).toBe(1);
    await context.close();
  });

  it('lets the customer accept a counter-offer with the button the e-mail link points at', async () => {
    const { id, trackingToken } = await aReceivedTakeBack('GOOD');
    expect((await grade(id, 'FAIR')).body.state).toBe('COUNTER_OFFERED');
    // A customer in Athens, an hour ahead of the brand in Berlin: the deadline ends at 00:59 there, and the page
    // still names the brand's day, not the next one.
    const { context, page } = await newPage({ width: 360, timezoneId: 'Europe/Athens' });
    await page.goto(trackingPage(id, trackingToken, '&counterOffer=accept'));
    const accept = page.getByRole('button', { name: 'Gegenangebot annehmen' });
    await accept.waitFor();
    // The e-mail's link puts the button in focus, but only the customer presses it.
    await expect.poll(() => accept.evaluate((button) => button === button.ownerDocument.activeElement)).toBe(true);
    const tracked = await status(id, trackingToken);
    const { answer, answerBy } = tracked.grading.counterOffer;
    expect(answer).toBe('PENDING');
    expect(tracked.timeZone).toBe('Europe/Berlin');
    // The deadline as a date in the customer's language, and what happens without an answer.
    const deadline = new Intl.DateTimeFormat('de-DE', { dateStyle: 'long', timeZone: 'Europe/Berlin' }).format(new Date(answerBy));
    expect(await page.getByTestId('counter-offer-deadline').textContent()).toBe(
      `Bitte antworten Sie bis zum ${deadline}. Ohne Antwort bis dahin schicken wir Ihnen das Produkt kostenlos zurück.`,
    );
    await screenshotsAndScan(page, 'track-counter-offer');

    await page.keyboard.press('Enter');
    await page.getByText('Sie haben das Gegenangebot angenommen.').waitFor();
    expect((await status(id, trackingToken)).grading.counterOffer.answer).toBe('ACCEPTED');
    await context.close();
  });

  it('tells a customer who declined the counter-offer that nothing is paid, and where the parcel back is', async () => {
    const { id, trackingToken } = await aReceivedTakeBack('GOOD');
    await grade(id, 'DEFECTIVE');
    expect((await call('POST', `/v1/take-backs/${id}/counter-offer?token=${encodeURIComponent(trackingToken)}`, { accept: false })).status).toBe(200);
    const ops = await (await import('../e2e/warehouse')).demoOps();
    const shipped = await call('POST', `/v1/passports/${id}/return-shipment`, {}, { ...ops, 'idempotency-key': randomUUID() });
    expect(shipped.status).toBe(200);
    const { context, page } = await newPage({ width: 360 });

    await page.goto(trackingPage(id, trackingToken));

    await page.getByText('Ihr Produkt ist auf dem Weg zurück zu Ihnen.').waitFor();
    await page.getByText('Keine Auszahlung: Sie haben das Gegenangebot abgelehnt.', { exact: false }).waitFor();
    expect(await page.getByTestId('return-shipment').textContent()).toContain(shipped.body.returnShipment.shipmentNo);
    expect(await page.getByRole('link', { name: 'Sendung bei DHL verfolgen' }).getAttribute('href')).toBe(
      `https://www.dhl.de/de/privatkunden/pakete-empfangen/verfolgen.html?piececode=${shipped.body.returnShipment.shipmentNo}`,
    );
    // An item that goes back saves no CO2e, and shows no payout on its way.
    expect(await page.getByRole('heading', { name: 'Gespartes CO₂' }).count()).toBe(0);
    expect(await page.getByText('wir bereiten die Auszahlung vor', { exact: false }).count()).toBe(0);
    await screenshotsAndScan(page, 'track-returned');
    await context.close();
  });

  it("tells a customer whose address DHL refused for the label so, in their language, and nothing of the staff's reason", async () => {
    const { id, trackingToken } = await aTakeBack({ address: AN_ADDRESS_DHL_REFUSES });
    await untilStatus(id, trackingToken, 'NEEDS_ATTENTION');
    const { context, page } = await newPage({ width: 360 });

    await page.goto(trackingPage(id, trackingToken));

    await expect.poll(() => page.getByTestId('attention').textContent()).toBe(
      'Hinweis: DHL konnte für die angegebene Adresse kein Rücksendeetikett erstellen. Wir melden uns bei Ihnen, um das zu klären.',
    );
    // No label was made: cancelling voids none.
    expect(await page.getByTestId('cancel-take-back').getByRole('paragraph').textContent()).toBe(
      'Sie haben es sich anders überlegt? Bis Ihr Paket bei uns ankommt, können Sie die Rückgabe stornieren.',
    );
    await screenshotsAndScan(page, 'track-address-refused');
    await context.close();
  });

  it('tells a customer whose parcel was empty that the take-back is closed without a payout, and why', async () => {
    const { id, trackingToken } = await aReceivedTakeBack('GOOD');
    const rejected = await reject(id, 'EMPTY', 'Nur Füllmaterial im Karton');
    expect(rejected.status).toBe(200);
    const { context, page } = await newPage({ width: 360 });

    await page.goto(trackingPage(id, trackingToken));

    await expect.poll(() => page.getByTestId('next-step').textContent()).toBe(
      'In Ihrem Paket war kein Produkt. Die Rückgabe ist damit ohne Auszahlung abgeschlossen. Haben Sie das Produkt noch, können Sie eine neue Rückgabe anmelden.',
    );
    await page.getByText('Keine Auszahlung: Ihr Paket war leer, als es bei uns ankam.').waitFor();
    expect(await page.getByRole('listitem').filter({ hasText: 'Im Paket war nicht das angemeldete Produkt' }).count()).toBe(1);
    // No item, so no CO2e saved; and the warehouse's notes are for the staff only.
    expect(await page.getByTestId('impact').count()).toBe(0);
    expect(await page.getByRole('heading', { name: 'Gespartes CO₂' }).count()).toBe(0);
    expect(await page.getByText('Füllmaterial', { exact: false }).count()).toBe(0);
    expect(await status(id, trackingToken)).toMatchObject({ status: 'REJECTED', rejection: { reason: 'EMPTY' }, impact: null });
    await screenshotsAndScan(page, 'track-rejected');
    await context.close();
  });

  it('tells a customer whose parcel held another item that nothing is paid and the item comes back at no cost', async () => {
    const { id, trackingToken } = await aReceivedTakeBack('GOOD');
    expect((await reject(id, 'OTHER_ITEM', 'Ladekabel statt Smartphone')).status).toBe(200);
    const { context, page } = await newPage({ locale: 'en-GB' });
    await page.goto(trackingPage(id, trackingToken));
    await page.getByTestId('next-step').waitFor();
    await page.getByRole('button', { name: 'English' }).click();

    await expect.poll(() => page.getByTestId('next-step').textContent()).toBe('We are sending the item from your parcel back to you at our cost.');
    await page.getByText('No payout: your parcel held another item than the one you registered. We send it back to you at our cost.').waitFor();
    expect(await page.getByRole('listitem').filter({ hasText: 'The parcel did not hold the registered product' }).count()).toBe(1);
    expect(await page.getByTestId('impact').count()).toBe(0);
    expect(await status(id, trackingToken)).toMatchObject({ status: 'RETURN_TO_CUSTOMER', rejection: { reason: 'OTHER_ITEM' }, impact: null });
    await screenshotsAndScan(page, 'track-rejected-other-item');
    await context.close();
  });

  it('asks for the account of a bank transfer set aside, checks it as typed, and shows the transfer waiting once it is saved', async () => {
    // A brand of its own, so that no other test's export pays or holds this transfer.
    const brand = await aBrandLikeDemo(() => ({}));
    const { id, trackingToken } = await aQueuedTransferThatDoesNotOpen(brand, 'Jonas Weber');
    expect((await call('POST', '/v1/payouts/exports', undefined, { ...(await admin(brand)), 'idempotency-key': randomUUID() })).status).toBe(422);
    const { context, page } = await newPage({ width: 360 });
    await page.goto(trackingPage(id, trackingToken));
    const form = page.getByTestId('bank-account-reentry');
    await form.getByRole('heading', { name: 'Bitte geben Sie Ihre Bankverbindung noch einmal ein' }).waitFor();
    await screenshotsAndScan(page, 'track-bank-account');

    // Saving with nothing typed names both fields and puts the first in focus; a wrong check digit is caught as typed.
    const save = form.getByRole('button', { name: 'Bankverbindung speichern' });
    await save.click();
    await expect.poll(() => form.getByText('Bitte ausfüllen.').count()).toBe(2);
    const iban = form.getByLabel('IBAN', { exact: true });
    await expect.poll(() => iban.evaluate((input) => input === input.ownerDocument.activeElement)).toBe(true);
    await iban.fill('DE75 5121 0800 1245 1261 98');
    await form.getByText('Diese IBAN ist nicht gültig.', { exact: false }).waitFor();
    expect((await status(id, trackingToken)).payout.bankAccount).toEqual({ ibanMasked: 'DE02 **** **** **** **20 51', reenter: true });

    await iban.fill('DE75 5121 0800 1245 1261 99');
    await form.getByLabel('Kontoinhaber:in').fill('Jonas Weber');
    await save.click();
    await form.waitFor({ state: 'detached' });
    await page.getByText('DE75 **** **** **** **61 99', { exact: false }).waitFor();
    await page.getByRole('listitem').filter({ hasText: 'Bankverbindung neu angegeben' }).waitFor();
    expect((await status(id, trackingToken)).payout).toMatchObject({ status: 'QUEUED', bankAccount: { ibanMasked: 'DE75 **** **** **** **61 99' } });
    await screenshotsAndScan(page, 'track-bank-account-saved');
    await context.close();
  });

  it('lets the customer cancel the take-back once they confirm it, and then shows no label and no way to cancel', async () => {
    const { id, trackingToken } = await aLabelledTakeBack('GOOD');
    const { context, page } = await newPage({ width: 360 });
    await page.goto(trackingPage(id, trackingToken));
    await page.getByRole('link', { name: 'Etikett herunterladen (PDF)' }).waitFor();
    await page.getByTestId('impact').waitFor();
    expect(await page.getByTestId('cancel-take-back').getByRole('paragraph').textContent()).toBe(
      'Sie haben es sich anders überlegt? Bis Ihr Paket bei uns ankommt, können Sie die Rückgabe stornieren. Das Etikett ist danach nicht mehr gültig.',
    );
    const cancel = page.getByRole('button', { name: 'Rückgabe stornieren' });
    await cancel.click();
    // Nothing is cancelled until the customer answers the question, whose answer takes the focus.
    const confirm = page.getByRole('button', { name: 'Ja, stornieren' });
    await expect.poll(() => confirm.evaluate((button) => button === button.ownerDocument.activeElement)).toBe(true);
    expect((await status(id, trackingToken)).status).toBe('LABEL_CREATED');
    await screenshotsAndScan(page, 'track-cancel-confirm');
    await page.getByRole('button', { name: 'Nein, Rückgabe behalten' }).click();
    await cancel.click();

    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('next-step').textContent()).toContain('Sie haben die Rückgabe storniert.');
    expect((await status(id, trackingToken)).status).toBe('CANCELLED');
    // The buttons pressed have left the page: the focus is on the next step, which says what now.
    await expect.poll(() => page.getByRole('heading', { name: 'Nächster Schritt' }).evaluate((heading) => heading === heading.ownerDocument.activeElement)).toBe(true);
    await page.getByText('Keine Auszahlung: Sie haben die Rückgabe storniert.').waitFor();
    expect(await page.getByRole('listitem').filter({ hasText: 'Rückgabe storniert' }).count()).toBe(1);
    expect(await page.getByRole('link', { name: 'Etikett herunterladen (PDF)' }).count()).toBe(0);
    expect(await page.getByTestId('cancel-take-back').count()).toBe(0);
    // A cancelled take-back saves no CO2e.
    expect(await page.getByTestId('impact').count()).toBe(0);
    await screenshotsAndScan(page, 'track-cancelled');
    await context.close();
  });

  it('says in its words that the take-back can no longer be cancelled once its parcel arrived meanwhile, and offers it no more', async () => {
    const { id, trackingToken } = await aLabelledTakeBack('GOOD');
    const { context, page } = await newPage();
    await page.goto(trackingPage(id, trackingToken));
    await page.getByRole('button', { name: 'Rückgabe stornieren' }).click();
    // The warehouse scans the parcel while the customer is asked once more.
    expect((await call('POST', `/v1/passports/${id}/receipt`, {}, await demoOps())).status).toBe(200);

    await page.getByRole('button', { name: 'Ja, stornieren' }).click();

    const notice = page.getByTestId('refused-meanwhile');
    await expect.poll(() => notice.textContent()).toBe('Die Rückgabe lässt sich nicht mehr stornieren: Ihr Paket ist inzwischen bei uns angekommen.');
    await expect.poll(() => notice.evaluate((element) => element === element.ownerDocument.activeElement)).toBe(true);
    // Read again: the next step of a received parcel, and no offer to cancel nor the API's English.
    expect(await page.getByTestId('next-step').textContent()).toBe('Wir prüfen Ihr Produkt in den nächsten Tagen.');
    expect(await page.getByTestId('cancel-take-back').count()).toBe(0);
    expect(await page.getByText('Conflict', { exact: false }).count()).toBe(0);
    expect((await status(id, trackingToken)).status).toBe('RECEIVED');
    await context.close();
  });

  it('says what was answered in another tab when the counter-offer is answered otherwise in this one, without its buttons', async () => {
    const { id, trackingToken } = await aReceivedTakeBack('GOOD');
    expect((await grade(id, 'FAIR')).body.state).toBe('COUNTER_OFFERED');
    const { context, page: first } = await newPage();
    const second = await context.newPage();
    for (const tab of [first, second]) await tab.goto(trackingPage(id, trackingToken));
    await second.getByRole('button', { name: 'Ablehnen und Produkt zurückbekommen' }).waitFor();
    await first.getByRole('button', { name: 'Gegenangebot annehmen' }).click();
    await first.getByText('Sie haben das Gegenangebot angenommen.').waitFor();

    await second.getByRole('button', { name: 'Ablehnen und Produkt zurückbekommen' }).click();

    await expect.poll(() => second.getByTestId('refused-meanwhile').textContent()).toBe('Das Gegenangebot war schon angenommen, etwa in einem anderen Fenster. Dabei bleibt es.');
    await second.getByTestId('counter-offer').getByText('Sie haben das Gegenangebot angenommen.').waitFor();
    expect(await second.getByTestId('counter-offer').getByRole('button').count()).toBe(0);
    expect(await second.getByText('Conflict', { exact: false }).count()).toBe(0);
    expect((await status(id, trackingToken)).grading.counterOffer.answer).toBe('ACCEPTED');
    await context.close();
  });

  it("opens the label e-mail's link in the customer's language, not the browser's nor the brand's", async () => {
    const { id, email } = await aTakeBack({ customer: { name: 'Alex Smith', email: `alex.${randomUUID().slice(0, 8)}@example.org`, locale: 'en' } });
    const [labelEmail] = await eventually(async () => {
      const sent = await outboxOfPassport(id);
      return sent.length > 0 ? sent : undefined;
    }, 'the label e-mail');
    expect(labelEmail!.to).toContain(email);
    const link = new URL(labelEmail!.text.match(/https?:\/\/\S+\/track\/\S+/)![0]);
    expect(link.searchParams.get('lang')).toBe('en');
    // A German browser, and a German brand.
    const { context, page } = await newPage({ locale: 'de-DE' });
    await page.goto(`${link.pathname}${link.search}`);
    await page.getByRole('heading', { name: /^Your trade-in: / }).waitFor();
    expect(await page.evaluate('document.documentElement.lang')).toBe('en');
    await context.close();
  });

  it("keeps the language chosen on the page over the one the e-mail's link names, after a reload", async () => {
    const { id, trackingToken } = await aLabelledTakeBack('GOOD');
    const { context, page } = await newPage({ locale: 'de-DE' });
    await page.goto(trackingPage(id, trackingToken, '&lang=de'));
    await page.getByText('Schicken Sie das Paket mit dem Etikett ab.').waitFor();

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByText('Send the parcel with the label.').waitFor();
    expect(new URL(page.url()).searchParams.get('lang')).toBe('en');
    await page.reload();

    await page.getByText('Send the parcel with the label.').waitFor();
    expect(await page.evaluate('document.documentElement.lang')).toBe('en');
    // The rest of the address is kept: the page still reads the take-back with its token.
    expect(new URL(page.url()).searchParams.get('token')).toBe(trackingToken);
    await context.close();
  });

  it("says in the reader's language that a cancelled take-back's label link holds no label, and programs still get the problem", async () => {
    const { id, trackingToken } = await aLabelledTakeBack('GOOD');
    const labelLink = `/v1/take-backs/${id}/label?token=${encodeURIComponent(trackingToken)}&format=pdf`;
    expect((await call('POST', `/v1/take-backs/${id}/cancellation?token=${encodeURIComponent(trackingToken)}`, undefined, { 'idempotency-key': randomUUID() })).status).toBe(200);
    const { context, page } = await newPage({ locale: 'de-DE' });

    const answer = await page.goto(labelLink);

    expect(answer?.status()).toBe(409);
    expect(answer?.headers()['content-type']).toBe('text/html; charset=utf-8');
    await page.getByRole('heading', { name: 'Kein Etikett unter diesem Link' }).waitFor();
    await page.getByText('Diese Rückgabe ist storniert, das Etikett gilt nicht mehr.', { exact: false }).waitFor();
    expect(await page.evaluate('document.documentElement.lang')).toBe('de');
    await screenshotsAndScan(page, 'label-link-cancelled');
    // A program asking for JSON gets the API's problem as before.
    const asProgram = await call('GET', labelLink, undefined, { accept: 'application/json' });
    expect(asProgram.status).toBe(409);
    expect(asProgram.body).toMatchObject({ status: 409, currentState: 'CANCELLED' });
    await context.close();
  });

  it('cites no source for a CO2e figure it does not have', async () => {
    // Boots, whose category has no published figure, of a brand of their own (the dashboard test counts the demo brand's shoes).
    const brand = await aBrandLikeDemo(() => ({}));
    const boots = demoBrand.products.find((product) => product.category === 'shoes')!;
    const quote = await call('POST', `/v1/brands/${brand}/quotes`, { sku: boots.sku, answers: answersFor('shoes') });
    const created = await call('POST', `/v1/brands/${brand}/take-backs`, aTakeBackBody(quote.body.quoteId), { 'idempotency-key': randomUUID() });
    expect(created.status).toBe(201);
    const { impact } = await status(created.body.id, created.body.trackingToken);
    expect(impact).toMatchObject({ avoidedKgCo2e: null, factor: { source: expect.stringContaining('(2013)'), year: 2013 } });
    const { context, page } = await newPage();

    await page.goto(trackingPage(created.body.id, created.body.trackingToken));

    await page.getByText('Für diese Produktart haben wir noch keinen belastbaren CO₂-Wert.', { exact: true }).waitFor();
    expect(await page.getByText('Quelle:', { exact: false }).count()).toBe(0);
    await context.close();
  });

  it("says in German that the take-back could not be read when the answer is not the platform's, and reads it again when asked", async () => {
    const { id, trackingToken } = await aLabelledTakeBack('GOOD');
    const { context, page } = await newPage({ width: 360 });
    const errors: Error[] = [];
    page.on('pageerror', (error) => errors.push(error));
    // A hotel network's login page (200 HTML), then another service's JSON (200, another shape); then the network is back.
    const answers = [
      { status: 200, contentType: 'text/html', body: '<html><body>Hotel WiFi: please log in</body></html>' },
      { status: 200, contentType: 'application/json', body: '{"id":"x","status":"ok"}' },
    ];
    let answered = 0;
    await page.route('**/v1/take-backs/*?token=*', (route) => (answered < answers.length ? route.fulfill(answers[answered++]!) : route.continue()));
    await page.goto(trackingPage(id, trackingToken));
    const failed = page.getByRole('alert').filter({ hasText: 'Keine Verbindung.' });
    await failed.waitFor();
    await screenshotsAndScan(page, 'track-not-the-platform');
    await page.getByRole('button', { name: 'Erneut versuchen' }).click();
    await expect.poll(() => answered).toBe(2);
    await failed.waitFor();
    await page.getByRole('button', { name: 'Erneut versuchen' }).click();
    await page.getByRole('link', { name: 'Etikett herunterladen (PDF)' }).waitFor();
    expect(await failed.count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("does not take a cancellation answered by a page not the platform's (200 HTML) as done", async () => {
    const { id, trackingToken } = await aLabelledTakeBack('GOOD');
    const { context, page } = await newPage();
    let cancellations = 0;
    await page.route('**/v1/take-backs/*/cancellation?token=*', (route) => {
      cancellations += 1;
      return route.fulfill({ status: 200, contentType: 'text/html', body: '<html><body>Hotel WiFi: please log in</body></html>' });
    });
    await page.goto(trackingPage(id, trackingToken));
    await page.getByRole('button', { name: 'Rückgabe stornieren' }).click();
    await page.getByRole('button', { name: 'Ja, stornieren' }).click();
    await page.getByTestId('cancel-take-back').getByRole('alert').filter({ hasText: 'Keine Verbindung.' }).waitFor();
    expect(cancellations).toBe(1);
    // Not cancelled, and the page says nothing of the kind: the customer may ask again.
    expect(await page.getByTestId('next-step').textContent()).not.toContain('storniert');
    expect(await page.getByRole('button', { name: 'Ja, stornieren' }).isEnabled()).toBe(true);
    expect((await status(id, trackingToken)).status).toBe('LABEL_CREATED');
    await context.close();
  });

  it('says a link is not valid instead of showing a take-back for a wrong token', async () => {
    const { id } = await aLabelledTakeBack('GOOD');
    const { context, page } = await newPage();
    await page.goto(trackingPage(id, 'not-the-token'));
    await page.getByText('Dieser Link ist nicht (mehr) gültig.', { exact: false }).waitFor();
    await screenshotsAndScan(page, 'track-bad-link');
    await context.close();
  });
});
