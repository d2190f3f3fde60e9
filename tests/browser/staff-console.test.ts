import { randomUUID } from 'node:crypto';
import type { BrowserContext, Page, Request } from 'playwright-core';
import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { demoBrand } from '../../local/seed/demo-brand';
import { webhookDeadLetterKey, webhookSubscriptionKey } from '../../shared/adapters/dynamodb/keys';
import { DynamoDbSeedingPassportStore } from '../../shared/adapters/dynamodb/passport-store';
import { channelFee } from '../../shared/domain/listing-price';
import { call, eventually } from '../e2e/client';
import { aBrandLikeDemo, aLabelledTakeBackOf, aQueuedTransferThatDoesNotOpen, admin, receiveAndGrade } from '../e2e/payouts-support';
import { platform } from '../e2e/platform';
import { localDynamoDb } from '../support/table';
import { aListedItem, listingOn, order, sandboxes } from '../e2e/marketplaces';
import { AN_ADDRESS_DHL_REFUSES, aTakeBack, untilStatus } from '../e2e/support';
import { aLabelledTakeBack, aReceivedTakeBack, grade, jobAtPartner, partnerReports, partnerResends, passportOf, staff, untilState } from '../e2e/warehouse';
import { disconnect, newPage, screenshotsAndScan } from './support';

/** An amount in minor units as German staff type it, e.g. `253,99`, and as the page shows it, e.g. `253,99 €`. */
const typedEuros = (minor: number) => `${Math.floor(minor / 100)},${String(minor % 100).padStart(2, '0')}`;
const shownEuros = (minor: number) => new Intl.NumberFormat('de-DE', { style: 'currency', currency: 'EUR' }).format(minor / 100);

// Run in the page: whether the element has the focus.
const isFocused = (element: { ownerDocument: { activeElement: unknown } }) => element === element.ownerDocument.activeElement;

/** Signs in on the local issuer's page as the demo brand's staff with the roles ticked (ops is ticked already). */
async function signIn(page: Page, extraRoles: ('analyst' | 'admin')[] = []): Promise<void> {
  await page.getByLabel('Marke').fill('demo');
  for (const role of extraRoles) await page.getByRole('checkbox', { name: new RegExp(`\\(${role}\\)`) }).check();
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await page.getByRole('heading', { name: 'Wareneingang', level: 1 }).waitFor();
}

describe('the staff console in a browser', () => {
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    ({ context, page } = await newPage());
  });

  afterAll(async () => {
    await context.close();
    await disconnect();
  });

  it('receives a parcel by its typed shipment number and grades it with notes by keyboard and a photo', async () => {
    const { id } = await aLabelledTakeBack('GOOD');
    const { label } = await passportOf(id);

    await page.goto('/staff/');
    await page.getByRole('heading', { name: 'Anmelden' }).waitFor();
    await screenshotsAndScan(page, 'staff-sign-in');
    await signIn(page, ['admin']);
    await screenshotsAndScan(page, 'staff-receiving');

    // The shipment number field has the focus; staff type the digits as printed, in groups.
    await page.keyboard.type(label.shipmentNo.replace(/(\d{4})/g, '$1 '));
    await page.keyboard.press('Tab');
    await page.keyboard.type('Tor 1');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Bewerten' }).waitFor();
    expect(page.url()).toMatch(new RegExp(`/staff/passports/${id}$`));
    await expect.poll(() => page.getByTestId('passport-state').textContent()).toBe('Eingegangen');
    expect((await passportOf(id)).receipt).toMatchObject({ location: 'Tor 1' });

    await page.getByRole('radio', { name: 'Akzeptabel' }).focus();
    await page.keyboard.press('Space');
    await page.getByLabel(/^Notizen/).focus();
    await page.keyboard.type('Akku schwach, Gehäuse mit Kratzern');
    // The file picker is the system's; the test hands it a photo as a person would pick one.
    await page.getByRole('form', { name: 'Bewerten' }).getByLabel(/^Fotos/).setInputFiles({ name: 'vorne.png', mimeType: 'image/png', buffer: await QRCode.toBuffer(id) });
    await screenshotsAndScan(page, 'staff-grading');
    await page.getByRole('button', { name: 'Bewertung speichern' }).focus();
    await page.keyboard.press('Enter');

    await page.getByRole('heading', { name: 'Bewerten' }).waitFor({ state: 'detached' });
    const graded = await passportOf(id);
    expect(graded.grading).toMatchObject({ grade: 'FAIR', notes: 'Akku schwach, Gehäuse mit Kratzern', photos: [expect.stringMatching(new RegExp(`/photos/demo/${id}/[0-9A-Z]{26}\\.png$`))] });
    expect(graded.timeline.filter((event: { type: string }) => event.type === 'Graded')).toHaveLength(1);
    await expect.poll(() => page.getByTestId('passport-state').textContent()).not.toBe('Eingegangen');
    // The timeline in words, each person's step named by the address the console recorded for them when it opened.
    const timeline = page.getByRole('list').filter({ has: page.getByText('TakeBackRequested', { exact: true }) });
    await timeline.getByRole('listitem').filter({ hasText: 'Paket eingegangen: Tor 1 · staff@demo.example → Eingegangen' }).waitFor();
    await timeline.getByRole('listitem').filter({ hasText: /Bewertet: Akzeptabel, (Wiederverkauf|Reparatur|Recycling), (Gegenangebot|Auszahlung) [\d.,]+\s€ · staff@demo\.example/ }).waitFor();
    // The rules' reason for the route in the console's language, from the facts the platform kept with it.
    expect(graded.route.basis).toMatchObject({ kind: 'ECONOMICS' });
    // The sentence of the route taken, with that route's own figures and every figure it names.
    const { route: taken, basis } = graded.route as { route: 'REPAIR' | 'RESELL' | 'RECYCLE'; basis: { resellMargin: number; repairMargin: number | null; recyclingValue: number } };
    const shownReason = (await page.getByTestId('route-reason').textContent())!;
    expect(shownReason).toMatch({ REPAIR: /^Die Reparatur auf Gut bringt netto /, RESELL: /^Der Verkauf im jetzigen Zustand bringt netto /, RECYCLE: /^(Weder der|Der) Verkauf im jetzigen Zustand \(/ }[taken]);
    for (const figure of [basis.resellMargin, basis.recyclingValue, ...(basis.repairMargin === null ? [] : [basis.repairMargin])]) expect(shownReason).toContain(shownEuros(figure));
    // Recorded in the directory when the console opened. Its roles are those of the last sign-in, and the other
    // browser files sign in as this person with other roles: the team page's test checks them on a brand of its own.
    const directory = await call('GET', '/v1/staff', undefined, await admin());
    expect(directory.body.staff).toContainEqual({ subject: graded.receipt.by, email: 'staff@demo.example', roles: expect.any(Array), seenAt: expect.any(String) });
    await screenshotsAndScan(page, 'staff-passport');
  });

  it('shows the error of an unknown shipment number next to its field', async () => {
    await page.goto('/staff/');
    await page.getByLabel('Sendungsnummer oder Passport-Code').fill('00340434999999999999');
    await page.getByRole('button', { name: 'Paket annehmen' }).click();

    const field = page.getByLabel('Sendungsnummer oder Passport-Code');
    await expect.poll(() => field.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('.field__error').first().textContent()).toBe('Zu dieser Sendungsnummer gibt es bei Ihrer Marke kein Paket.');
  });

  it('lists a work queue with the passport just received', async () => {
    const { id } = await aLabelledTakeBack('GOOD');
    await page.goto('/staff/');
    await page.getByLabel('Sendungsnummer oder Passport-Code').fill(id);
    await page.getByRole('button', { name: 'Paket annehmen' }).click();
    await page.getByRole('heading', { name: 'Bewerten' }).waitFor();

    await page.getByRole('link', { name: 'Arbeitslisten' }).click();

    await page.getByRole('cell', { name: new RegExp(id) }).waitFor();
    expect(await page.getByRole('combobox', { name: 'Zustand' }).inputValue()).toBe('RECEIVED');
    await screenshotsAndScan(page, 'staff-queue');
  });

  it('cancels a take-back for a customer who called, with the reason, once asked for one', async () => {
    const { id } = await aLabelledTakeBack('GOOD');
    await page.goto(`/staff/passports/${id}`);
    const form = page.getByRole('form', { name: 'Rückgabe stornieren' });
    await form.waitFor();
    await form.getByRole('button', { name: 'Rückgabe stornieren' }).click();
    // Without a reason the form refuses it in the page's words (until 7 December 2026 the API did, in English), shown at the field.
    await expect.poll(async () => (await form.getByLabel(/^Grund/).getAttribute('aria-invalid')) ?? '').toBe('true');
    await screenshotsAndScan(page, 'staff-cancel-take-back');

    await form.getByLabel(/^Grund/).fill('Kundin hat angerufen, behält das Gerät');
    await form.getByRole('button', { name: 'Rückgabe stornieren' }).click();

    await expect.poll(() => page.getByTestId('passport-state').textContent()).toBe('Storniert');
    expect(await form.count()).toBe(0);
    const cancelled = await passportOf(id);
    expect(cancelled.timeline.filter((event: { type: string }) => event.type === 'TakeBackCancelled').map((event: { data: unknown }) => event.data)).toEqual([
      { from: 'LABEL_CREATED', by: expect.any(String), reason: 'Kundin hat angerufen, behält das Gerät' },
    ]);
  });

  it('sends an item back to a customer who declined the counter-offer, and downloads its DHL label', async () => {
    const { id, trackingToken } = await aReceivedTakeBack('GOOD');
    await grade(id, 'DEFECTIVE');
    // While the customer has not answered, the warehouse sees until when.
    await page.goto(`/staff/passports/${id}`);
    await expect.poll(() => page.getByTestId('counter-offer-answer').textContent()).toMatch(/^steht aus; ohne Antwort bis \d{2}\.\d{2}\.\d{4}, 2[23]:59 geht der Artikel zurück$/);
    expect((await call('POST', `/v1/take-backs/${id}/counter-offer?token=${encodeURIComponent(trackingToken)}`, { accept: false })).status).toBe(200);
    await page.goto(`/staff/passports/${id}`);
    const form = page.getByRole('form', { name: 'Zurück an den Kunden schicken' });
    await form.waitFor();
    expect(await page.getByTestId('counter-offer-answer').textContent()).toBe('abgelehnt');
    // A weight that is no number is said at the field; one above DHL's 31.5 kg is refused by the API, shown there too.
    await form.getByLabel(/^Gewicht des Pakets/).fill('schwer');
    await form.getByRole('button', { name: 'DHL-Etikett erstellen' }).click();
    await form.getByText('Bitte ganze Gramm angeben, z. B. 450.').waitFor();
    await form.getByLabel(/^Gewicht des Pakets/).fill('40000');
    await form.getByRole('button', { name: 'DHL-Etikett erstellen' }).click();
    await expect.poll(async () => (await form.getByLabel(/^Gewicht des Pakets/).getAttribute('aria-invalid')) ?? '').toBe('true');
    expect(await form.getByText('Bitte ganze Gramm angeben').count()).toBe(0);
    await screenshotsAndScan(page, 'staff-return-shipment');
    expect(await passportOf(id)).toMatchObject({ state: 'RETURN_TO_CUSTOMER' });

    await form.getByLabel(/^Gewicht des Pakets/).fill('450');
    await form.getByRole('button', { name: 'DHL-Etikett erstellen' }).click();

    await expect.poll(() => page.getByTestId('passport-state').textContent()).toBe('An Kunden zurückgeschickt');
    const returned = await passportOf(id);
    expect(returned.returnShipment).toMatchObject({ carrier: 'DHL', product: 'V01PAK' });
    expect(await page.getByTestId('return-shipment').textContent()).toContain(returned.returnShipment.shipmentNo);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Etikett (PDF) herunterladen' }).click()]);
    expect(download.suggestedFilename()).toBe(`return-parcel-${id}.pdf`);
    const chunks: Buffer[] = [];
    for await (const chunk of await download.createReadStream()) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('rejects an empty parcel once asked again, after saying at the field that the notes are too short, and shows why on the passport', async () => {
    const { id } = await aReceivedTakeBack('GOOD');
    const rejections: string[] = [];
    const onRequest = (request: Request) => {
      if (request.url().endsWith(`/v1/passports/${id}/rejection`)) rejections.push(request.method());
    };
    page.on('request', onRequest);
    try {
      await page.goto(`/staff/passports/${id}`);
      const form = page.getByRole('form', { name: 'Paket ablehnen' });
      await form.waitFor();
      const notes = form.getByLabel('Was war im Paket?');
      const submit = form.getByRole('button', { name: 'Paket ablehnen' });
      const yes = form.getByRole('button', { name: 'Ja, Paket ablehnen' });

      // Two characters say nothing: the form says so at the field, puts the focus there and sends nothing.
      await form.getByRole('radio', { name: /^Paket war leer/ }).check();
      await notes.fill('ok');
      await submit.click();
      await expect.poll(async () => (await notes.getAttribute('aria-invalid')) ?? '').toBe('true');
      expect(await form.locator('.field__error').allTextContents()).toEqual(['Bitte beschreiben Sie in mindestens 3 Zeichen, was im Paket war.']);
      await expect.poll(() => notes.evaluate(isFocused)).toBe(true);
      expect(await yes.count()).toBe(0);
      await screenshotsAndScan(page, 'staff-reject-parcel');

      // Nothing is rejected until the question is answered; "Abbrechen" takes the focus back to the button.
      await notes.fill('Nur Füllmaterial, kein Gerät');
      // A photo of the content, as evidence: uploaded when the rejection is sent.
      await form.getByLabel(/^Fotos/).setInputFiles({ name: 'inhalt.png', mimeType: 'image/png', buffer: await QRCode.toBuffer(id) });
      await submit.click();
      await expect.poll(() => yes.evaluate(isFocused)).toBe(true);
      expect(await form.getByText('Paket als leer ablehnen? Die Rückgabe endet ohne Auszahlung.', { exact: false }).count()).toBe(1);
      await form.getByRole('button', { name: 'Abbrechen' }).click();
      await expect.poll(() => submit.evaluate(isFocused)).toBe(true);
      expect(await yes.count()).toBe(0);
      expect(rejections).toEqual([]);
      expect((await passportOf(id)).state).toBe('RECEIVED');

      await submit.click();
      await expect.poll(() => yes.evaluate(isFocused)).toBe(true);
      await screenshotsAndScan(page, 'staff-reject-parcel-confirm');
      await page.keyboard.press('Enter');

      const state = page.getByTestId('passport-state');
      await expect.poll(() => state.textContent()).toBe('Abgelehnt');
      await expect.poll(() => state.evaluate(isFocused)).toBe(true);
      expect(await page.getByTestId('rejection').textContent()).toBe('Paket war leer');
      expect(await page.getByText('Nur Füllmaterial, kein Gerät', { exact: true }).count()).toBe(1);
      expect(await form.count()).toBe(0);
      expect(await page.getByRole('form', { name: 'Bewerten' }).count()).toBe(0);
      expect(await page.getByRole('form', { name: 'Zurück an den Kunden schicken' }).count()).toBe(0);
      const rejected = await passportOf(id);
      expect(rejected).toMatchObject({
        state: 'REJECTED',
        rejection: { reason: 'EMPTY', notes: 'Nur Füllmaterial, kein Gerät', by: expect.any(String), photos: [expect.stringMatching(new RegExp(`/photos/demo/${id}/[0-9A-Z]{26}\\.png$`))] },
      });
      expect(rejected.grading).toBeUndefined();
      expect(rejected.timeline.filter((event: { type: string }) => event.type === 'ParcelRejected').map((event: { data: unknown }) => event.data)).toEqual([
        { reason: 'EMPTY', by: rejected.rejection.by },
      ]);
      expect(rejections).toEqual(['POST']);
      await screenshotsAndScan(page, 'staff-rejected');
    } finally {
      page.off('request', onRequest);
    }
  });

  it('rejects a parcel holding another item, which then waits for its parcel back to the customer', async () => {
    const { id } = await aReceivedTakeBack('GOOD');
    await page.goto(`/staff/passports/${id}`);
    const form = page.getByRole('form', { name: 'Paket ablehnen' });
    await form.waitFor();

    await form.getByRole('radio', { name: /^Anderer Artikel als angegeben/ }).check();
    await form.getByLabel('Was war im Paket?').fill('Ladekabel statt Smartphone');
    await form.getByRole('button', { name: 'Paket ablehnen' }).click();
    await form.getByText('Paket ablehnen und den Artikel zurückschicken?', { exact: false }).waitFor();
    await form.getByRole('button', { name: 'Ja, Paket ablehnen' }).click();

    await expect.poll(() => page.getByTestId('passport-state').textContent()).toBe('Zurück an Kunden');
    expect(await page.getByTestId('rejection').textContent()).toBe('Anderer Artikel als angegeben');
    const back = page.getByRole('form', { name: 'Zurück an den Kunden schicken' });
    await back.getByText('Im Paket war ein anderer Artikel als angegeben.', { exact: false }).waitFor();
    expect(await passportOf(id)).toMatchObject({ state: 'RETURN_TO_CUSTOMER', rejection: { reason: 'OTHER_ITEM', notes: 'Ladekabel statt Smartphone' } });
    await screenshotsAndScan(page, 'staff-rejected-other-item');
  });

  it("records a sold item's return from its buyer once confirmed, after saying at the field that the refund is above what the buyer paid", async () => {
    const origins = await sandboxes();
    const { id, sku } = await aListedItem(origins);
    // Sold in the brand's shop, whose webhook tells the platform at once.
    expect(await order(origins.shopify, sku)).toBe(201);
    const sold = await untilState(id, 'SOLD');
    type Line = { kind: string; amount: { amount: number } };
    const paid = sold.ledger.filter((line: Line) => line.kind === 'SALE' || line.kind === 'SHIPPING').reduce((sum: number, line: Line) => sum + line.amount.amount, 0);
    const fee = sold.ledger.find((line: Line) => line.kind === 'CHANNEL_FEE').amount.amount;
    const keys: string[] = [];
    const onRequest = (request: Request) => {
      if (request.url().endsWith(`/v1/passports/${id}/sale-return`)) keys.push(request.headers()['idempotency-key'] ?? '');
    };
    page.on('request', onRequest);
    try {
      // The item arrives in the buyer's parcel: scanning its listing's SKU at the receiving desk opens its page.
      await page.goto('/staff/');
      await page.getByLabel('Sendungsnummer oder Passport-Code').fill(sku);
      await page.keyboard.press('Enter');
      await page.waitForURL(new RegExp(`/staff/passports/${id}$`));
      const form = page.getByRole('form', { name: 'Rücksendung vom Käufer erfassen' });
      await form.waitFor();
      const refund = form.getByLabel(/^Erstattung an den Käufer in Euro/);
      const submit = form.getByRole('button', { name: 'Rücksendung erfassen' });
      // The hint says what an empty refund means, with what the buyer paid; the route is to sell it again unless chosen otherwise.
      await form.getByText(`alles zurückbekommen hat, was er bezahlt hat: ${shownEuros(paid)} (Artikel und Versand)`, { exact: false }).waitFor();
      expect(await form.getByLabel('Weiter mit dem Artikel').inputValue()).toBe('RESELL');

      // Asked once more, with what is to be recorded; nothing is sent before "yes".
      const question = form.getByRole('group', { name: /^So erfassen\?/ });
      const yes = form.getByRole('button', { name: 'Ja, Rücksendung erfassen' });
      await form.getByLabel('Grund der Rücksendung').selectOption({ label: 'Käufer hat es sich anders überlegt' });
      await submit.click();
      expect(await question.locator('p').innerText()).toBe(
        `So erfassen? Grund: Käufer hat es sich anders überlegt. Erstattung an den Käufer: ${shownEuros(paid)}, alles Bezahlte. Vom Kanal gutgeschrieben: nichts. Weiter mit dem Artikel: Wiederverkauf. Der Artikel gilt danach nicht mehr als verkauft; das lässt sich nicht rückgängig machen.`,
      );
      await expect.poll(() => yes.evaluate(isFocused)).toBe(true);
      // A change takes the question back, so that it always says what is sent.
      await refund.fill(typedEuros(paid + 1));
      expect(await question.count()).toBe(0);
      expect(keys).toHaveLength(0);

      // A cent more than the buyer paid: the API refuses it, and the form says so at the refund, with the focus there.
      await submit.click();
      await question.getByText(`Erstattung an den Käufer: ${shownEuros(paid + 1)}.`, { exact: false }).waitFor();
      await yes.click();
      await expect.poll(async () => (await refund.getAttribute('aria-invalid')) ?? '').toBe('true');
      expect(await form.locator('.field__error').allTextContents()).toEqual([`Höchstens ${shownEuros(paid)}: So viel hat der Käufer bezahlt (Artikel und Versand).`]);
      await expect.poll(() => refund.evaluate(isFocused)).toBe(true);
      expect(keys).toHaveLength(1);
      const untouched = await passportOf(id);
      expect(untouched.state).toBe('SOLD');
      expect(untouched.saleReturn).toBeUndefined();
      expect(untouched.ledger).toHaveLength(sold.ledger.length);
      await screenshotsAndScan(page, 'staff-sale-return');

      // Part of the price refunded, the channel's fee credited back, sold again: one request, under a new key.
      await refund.fill(typedEuros(paid - 1_000));
      await form.getByLabel(/^Vom Kanal gutgeschriebene Gebühr/).fill(typedEuros(fee));
      await form.getByLabel(/^Notizen/).fill('Originalverpackt, unbenutzt');
      await submit.click();
      await question.getByText(`Erstattung an den Käufer: ${shownEuros(paid - 1_000)}. Vom Kanal gutgeschrieben: ${shownEuros(fee)}.`, { exact: false }).waitFor();
      expect(keys).toHaveLength(1);
      await yes.click();

      const state = page.getByTestId('passport-state');
      await expect.poll(() => state.textContent()).toBe('Bewertet');
      await expect.poll(() => state.evaluate(isFocused)).toBe(true);
      expect(await form.count()).toBe(0);
      const shown = page.getByRole('region', { name: 'Rücksendung vom Käufer', exact: true });
      expect(await shown.locator('dd').allTextContents()).toEqual([
        'Käufer hat es sich anders überlegt',
        expect.stringMatching(/^Eigener Shop \(Shopify\) · /),
        shownEuros(paid - 1_000),
        shownEuros(fee),
        'Wiederverkauf',
        expect.stringMatching(/^\d{2}\.\d{2}\.\d{4}, \d{2}:\d{2} · .+/),
        'Originalverpackt, unbenutzt',
      ]);
      expect(keys).toHaveLength(2);
      expect(keys[1]).not.toBe(keys[0]);
      expect(await page.getByTestId('route-reason').textContent()).toBe('Vom Käufer zurückgeschickt (Käufer hat es sich anders überlegt)');
      // The item may be routed again: to RESELL even at a loss, which no other route takes.
      const lossChoice = page.getByRole('checkbox', { name: /^Auch auf den Kanälen anbieten, auf denen der Preis nach den Regeln der Marke weniger einbringt/ });
      await page.getByLabel('Neuer Weg').selectOption('RECYCLE');
      await expect.poll(() => lossChoice.count()).toBe(0);
      await page.getByLabel('Neuer Weg').selectOption('RESELL');
      await expect.poll(() => lossChoice.count()).toBe(1);
      expect(await lossChoice.isChecked()).toBe(false);
      const returned = await passportOf(id);
      expect(returned.saleReturn).toMatchObject({
        channel: 'shopify',
        reason: 'CHANGED_MIND',
        refund: { amount: paid - 1_000, currency: 'EUR' },
        feeRefunded: { amount: fee, currency: 'EUR' },
        route: 'RESELL',
        notes: 'Originalverpackt, unbenutzt',
      });
      expect(returned.timeline.filter((event: { type: string }) => event.type === 'SaleReturned')).toHaveLength(1);
      expect(returned.ledger.filter((line: Line) => line.kind === 'SALE_REFUND').map((line: Line) => line.amount.amount)).toEqual([paid - 1_000]);
      // The passport's ledger names each line's kind and says what it is in words: the label, the voucher, the sale, the
      // refund to the buyer and the fee credited back, the channel by its name.
      const ledger = page.getByRole('region', { name: 'Kosten und Erlöse' });
      const orderId = (returned.saleReturn.orderId as string).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      await expect.poll(() => ledger.getByRole('row').allInnerTexts()).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^Versandetikett\tRücksendeetikett DHL \d+\t/),
          expect.stringMatching(/^Auszahlung\tGutschein ausgegeben, zu \d+\s%\sseines Werts\t/),
          expect.stringMatching(new RegExp(`^Verkauf\tVerkauft über Eigener Shop \\(Shopify\\), Bestellung ${orderId}\t`)),
          expect.stringMatching(new RegExp(`^Erstattung an Käufer\tErstattet an den Käufer der Bestellung ${orderId} über Eigener Shop \\(Shopify\\)\t`)),
          expect.stringMatching(new RegExp(`^Gebührengutschrift\tGebühr von Eigener Shop \\(Shopify\\) für Bestellung ${orderId} gutgeschrieben\t`)),
        ]),
      );
      await screenshotsAndScan(page, 'staff-sale-returned');
    } finally {
      page.off('request', onRequest);
    }
  });

  it("names an item's repair partner and its job's status in words, on the jobs and the timeline", async () => {
    const { id } = await aLabelledTakeBack('FAIR');
    const ops = await staff({ brand: 'demo', roles: ['ops'] });
    await call('POST', `/v1/passports/${id}/receipt`, { location: 'Tor 2' }, ops);
    expect((await call('POST', `/v1/passports/${id}/grading`, { grade: 'FAIR', notes: 'Akku schwach' }, ops)).body.route).toMatchObject({ route: 'REPAIR' });
    await untilState(id, 'IN_REPAIR');
    await eventually(() => jobAtPartner(`${id}-R1`), 'the job at its partner');
    expect((await partnerReports(`${id}-R1`, { status: 'ACCEPTED' })).response.status).toBe(200);

    await page.goto(`/staff/passports/${id}`);
    const jobs = page.getByRole('region', { name: 'Reparaturaufträge' });
    await expect.poll(() => jobs.getByRole('row').allInnerTexts()).toEqual([
      expect.stringMatching(/^Partner\tStatus\t/),
      // The estimate, the cost limit (since 8 December 2026: 45 € of labour and 25 € of parts, plus 25 %) and no cost yet.
      expect.stringMatching(new RegExp(`^Gerätewerk Berlin\n${id}-R1\tAngenommen\t45,00\\s€\t87,50\\s€\t–$`)),
    ]);
    const timeline = page.getByRole('list').filter({ has: page.getByText('RepairAssigned', { exact: true }) });
    await timeline.getByRole('listitem').filter({ hasText: /Reparatur beauftragt: Gerätewerk Berlin, erwartet 45,00\s€, Grenze 87,50\s€/ }).waitFor();

    // The partner finds more to repair: its report above the limit is refused, until an admin raises the limit here.
    const completed = { status: 'COMPLETED', laborMinutes: 90, cost: { amount: 9_000, currency: 'EUR' }, parts: [{ sku: 'DISP-X2', name: 'Display', quantity: 1, cost: { amount: 2_500, currency: 'EUR' } }] };
    const over = await partnerReports(`${id}-R1`, completed);
    expect(over.response).toMatchObject({ status: 422, body: { costLimit: { amount: 8_750 }, reportTotal: { amount: 11_500 } } });
    const form = page.getByRole('form', { name: 'Kostengrenze der Reparatur erhöhen' });
    await form.getByLabel('Neue Grenze (EUR)').fill('80');
    await form.getByLabel('Grund').fill('Display zusätzlich gebrochen');
    await form.getByRole('button', { name: 'Grenze erhöhen' }).click();
    await form.getByText(/^Bitte nennen Sie einen Betrag über 87,50\s€\.$/).waitFor();
    await screenshotsAndScan(page, 'staff-repair-cost-limit');
    // An amount written with thousands separators is said to be unreadable, not too low.
    await form.getByLabel('Neue Grenze (EUR)').fill('1.000,00');
    await form.getByRole('button', { name: 'Grenze erhöhen' }).click();
    await form.getByText(/^Bitte nennen Sie den Betrag in EUR ohne Tausenderpunkte, z\. B\. 120,00\.$/).waitFor();
    // A colleague raises the limit while the page still shows 87,50 €: a raise under the new limit names the new limit.
    const colleague = { ...(await staff({ brand: 'demo', roles: ['admin'], email: 'chefin@demo.example' })), 'idempotency-key': randomUUID() };
    expect((await call('POST', `/v1/repair-jobs/${id}-R1/cost-limit`, { amount: 10_000, reason: 'Telefonisch zugesagt' }, colleague)).status).toBe(200);
    await form.getByLabel('Neue Grenze (EUR)').fill('95');
    await form.getByRole('button', { name: 'Grenze erhöhen' }).click();
    await form.getByText(/^Bitte nennen Sie einen Betrag über 100,00\s€\.$/).waitFor();
    await form.getByText(/höchstens 100,00\s€ abrechnen/).waitFor();
    await form.getByLabel('Neue Grenze (EUR)').fill('115,00');
    await form.getByRole('button', { name: 'Grenze erhöhen' }).click();
    await page.getByText(/^Die Kostengrenze ist jetzt 115,00\s€\.$/).waitFor();
    await expect.poll(() => jobs.getByRole('row').nth(1).innerText()).toMatch(/\t115,00\s€\t–$/);
    await timeline.getByRole('listitem').filter({ hasText: /Kostengrenze der Reparatur erhöht: Gerätewerk Berlin, 100,00\s€ → 115,00\s€, Display zusätzlich gebrochen/ }).waitFor();
    expect((await partnerResends(over.webhookId)).status).toBe(200);
    await untilState(id, 'REPAIRED');
  });

  it("lists the brand's listings by channel, and changes one from its item's page: a new price, off sale and on sale again, each followed by the channel", async () => {
    const origins = await sandboxes();
    const { id, sku } = await aListedItem(origins);
    type Listing = { channel: string; state: string; listingId: string; price: { amount: number } };
    const ebayListing = async (): Promise<Listing> => (await passportOf(id)).listings.find((listing: Listing) => listing.channel === 'ebay');
    const listed = await ebayListing();
    const onSandbox = async () => listingOn(origins.ebay, sku);
    const changes: string[] = [];
    const onRequest = (request: Request) => {
      if (request.method() === 'POST' && request.url().endsWith(`/v1/passports/${id}/listings/ebay`)) changes.push(request.postData() ?? '');
    };
    page.on('request', onRequest);
    try {
      await page.goto('/staff/listings?state=LISTED&channel=ebay');
      await page.getByRole('heading', { name: 'Angebote', level: 1 }).waitFor();
      expect(await page.getByLabel('Kanal').inputValue()).toBe('ebay');
      expect(await page.getByRole('link', { name: 'Angebote' }).getAttribute('aria-current')).toBe('page');
      // The oldest listings come first: pages are loaded until the new one shows.
      const link = page.getByRole('link', { name: sku });
      await expect
        .poll(
          async () => {
            if ((await link.count()) > 0) return true;
            const more = page.getByRole('button', { name: 'Weitere laden' });
            if ((await more.count()) > 0 && (await more.isEnabled())) await more.click();
            return false;
          },
          { timeout: 30_000 },
        )
        .toBe(true);
      expect(await page.getByRole('row').filter({ has: link }).getByRole('cell').allInnerTexts()).toEqual([
        sku,
        'eBay',
        shownEuros(listed.price.amount),
        listed.listingId,
        expect.stringMatching(/^\d{2}\.\d{2}\.\d{4}, \d{2}:\d{2}$/),
      ]);
      await screenshotsAndScan(page, 'staff-listings');
      await link.click();
      await page.waitForURL(new RegExp(`/staff/passports/${id}$`));

      // A new price: recorded, shown, and on the channel within seconds.
      const ebay = page.getByRole('region', { name: /^eBay: / });
      const price = ebay.getByLabel(/^Neuer Preis in Euro/);
      const ebayRow = page.getByRole('table').filter({ hasText: 'Angebots-ID' }).getByRole('row').filter({ hasText: 'eBay' });
      expect(await price.inputValue()).toBe(typedEuros(listed.price.amount));
      await ebay.getByRole('button', { name: 'Preis ändern' }).click();
      await ebay.getByText('Das ist schon der Preis dieses Angebots.').waitFor();
      expect(await price.evaluate(isFocused)).toBe(true);
      expect(changes).toHaveLength(0);
      // A price the API would refuse is said at the field and not sent.
      for (const typed of ['0,00', 'zehn']) {
        await price.fill(typed);
        await ebay.getByRole('button', { name: 'Preis ändern' }).click();
        await ebay.getByText('Bitte geben Sie einen Preis wie 349,00 an.').waitFor();
      }
      expect(changes).toHaveLength(0);
      const lowered = listed.price.amount - 2_000;
      await price.fill(typedEuros(lowered));
      await ebay.getByRole('button', { name: 'Preis ändern' }).click();
      await ebay.getByRole('status').filter({ hasText: `Preis auf ${shownEuros(lowered)} geändert` }).waitFor();
      expect(changes.map((body) => JSON.parse(body))).toEqual([{ action: 'price', price: { amount: lowered, currency: 'EUR' } }]);
      expect((await ebayListing()).price.amount).toBe(lowered);
      await expect.poll(async () => (await ebayRow.getByRole('cell').allInnerTexts()).slice(1, 3)).toEqual(['Angeboten', shownEuros(lowered)]);
      await eventually(async () => ((await onSandbox())?.price === (lowered / 100).toFixed(2) ? true : undefined), `${sku} at the new price on eBay`);
      // The timeline is read again: the change is there with its event.
      await page.getByText('ListingPriceChanged', { exact: true }).waitFor();

      // Off sale, and on sale again.
      await ebay.getByRole('button', { name: 'Zurückziehen' }).click();
      await ebay.getByRole('status').filter({ hasText: 'Zurückgezogen; ' }).waitFor();
      expect((await ebayListing()).state).toBe('WITHDRAWN');
      await expect.poll(async () => (await ebayRow.getByRole('cell').allInnerTexts())[1]).toBe('Zurückgezogen');
      await eventually(async () => ((await onSandbox())?.quantity === 0 ? true : undefined), `${sku} off sale on eBay`);
      await ebay.getByRole('button', { name: 'Wieder anbieten' }).click();
      await ebay.getByRole('status').filter({ hasText: 'Wieder angeboten; ' }).waitFor();
      expect((await ebayListing()).state).toBe('LISTED');
      await eventually(async () => ((await onSandbox())?.quantity === 1 ? true : undefined), `${sku} on sale again on eBay`);
      expect(changes.slice(1).map((body) => JSON.parse(body))).toEqual([{ action: 'withdraw' }, { action: 'relist' }]);
      await screenshotsAndScan(page, 'staff-listing-changed');

      // Withdrawn by a colleague meanwhile: the page's withdrawal is refused with the listing's state, nothing changed twice.
      const colleague = await staff({ brand: 'demo', roles: ['ops'], email: 'kollegin@demo.example' });
      expect((await call('PUT', '/v1/staff/me', undefined, colleague)).status).toBe(200);
      const elsewhere = await call('POST', `/v1/passports/${id}/listings/ebay`, { action: 'withdraw' }, colleague);
      expect(elsewhere.status).toBe(200);
      await ebay.getByRole('button', { name: 'Zurückziehen' }).click();
      await ebay.getByRole('alert').filter({ hasText: 'Nicht geändert: Das Angebot ist inzwischen zurückgezogen.' }).waitFor();
      expect((await ebayListing()).state).toBe('WITHDRAWN');
      expect((await passportOf(id)).timeline.filter((event: { type: string }) => event.type === 'ListingWithdrawn')).toHaveLength(2);
      // Opened again, the page names who did each change: the console's own person and the colleague, by the staff directory.
      await page.reload();
      const changesInWords = page.getByRole('listitem').filter({ hasText: 'Angebot zurückgezogen: eBay · ' });
      await expect.poll(() => changesInWords.allInnerTexts()).toEqual([
        expect.stringContaining('Angebot zurückgezogen: eBay · staff@demo.example → Angeboten'),
        expect.stringContaining('Angebot zurückgezogen: eBay · kollegin@demo.example → Angeboten'),
      ]);
    } finally {
      page.off('request', onRequest);
    }
  });

  it("says at a listing that a new price loses money, with what it nets and what the item has cost, and changes it once a reason is given", async () => {
    const origins = await sandboxes();
    const { id, sku } = await aListedItem(origins);
    type Line = { direction: string; amount: { amount: number } };
    const cost = (await passportOf(id)).ledger.reduce((sum: number, line: Line) => sum + (line.direction === 'COST' ? line.amount.amount : -line.amount.amount), 0);
    const net = 100 - channelFee(100, demoBrand.config.resale!.channels.ebay!.pricing);
    const changes: string[] = [];
    const onRequest = (request: Request) => {
      if (request.method() === 'POST' && request.url().endsWith(`/v1/passports/${id}/listings/ebay`)) changes.push(request.postData() ?? '');
    };
    page.on('request', onRequest);
    try {
      await page.goto(`/staff/passports/${id}`);
      const ebay = page.getByRole('region', { name: /^eBay: / });
      const price = ebay.getByLabel(/^Neuer Preis in Euro/);
      await price.fill('1,00');
      await ebay.getByRole('button', { name: 'Preis ändern' }).click();

      // The API's 422 in words, with both figures, and the reason asked for, the focus on it.
      const refusal = ebay.getByRole('alert');
      await refusal.filter({ hasText: 'Nicht geändert: ' }).waitFor();
      expect(await refusal.innerText()).toBe(
        `Nicht geändert: Zu ${shownEuros(100)} bringt das Angebot nach der Gebühr des Kanals netto ${shownEuros(net)}, das Stück hat bisher ${shownEuros(cost)} gekostet – ein Verlust von ${shownEuros(cost - net)}.\n\n` +
          'Ändern Sie den Preis, oder nennen Sie den Grund, aus dem die Marke den Verlust hinnimmt.',
      );
      const reason = ebay.getByLabel(/^Grund für den Verlust/);
      await expect.poll(() => reason.evaluate(isFocused)).toBe(true);
      await screenshotsAndScan(page, 'staff-listing-loss');
      // Another price takes the question back; the losing one asks again.
      await price.fill('2,00');
      expect(await reason.count()).toBe(0);
      await price.fill('1,00');
      await ebay.getByRole('button', { name: 'Preis ändern' }).click();
      await reason.waitFor();
      // No reason, nothing sent.
      await ebay.getByRole('button', { name: 'Mit Verlust ändern' }).click();
      await ebay.getByText('Bitte nennen Sie einen Grund mit bis zu 200 Zeichen.').waitFor();
      expect(await reason.evaluate(isFocused)).toBe(true);
      expect(changes).toHaveLength(2);

      await reason.fill('Ausstellungsstück, Abverkauf');
      await ebay.getByRole('button', { name: 'Mit Verlust ändern' }).click();
      await ebay.getByRole('status').filter({ hasText: `Preis auf ${shownEuros(100)} geändert` }).waitFor();
      const sent = { action: 'price', price: { amount: 100, currency: 'EUR' } };
      expect(changes.map((body) => JSON.parse(body))).toEqual([sent, sent, { ...sent, acceptLoss: { reason: 'Ausstellungsstück, Abverkauf' } }]);
      expect(await reason.count()).toBe(0);
      const changed = await passportOf(id);
      expect(changed.listings.find((listing: { channel: string }) => listing.channel === 'ebay').price).toEqual({ amount: 100, currency: 'EUR' });
      expect(changed.timeline.filter((event: { type: string }) => event.type === 'ListingPriceChanged').map((event: { data: unknown }) => event.data)).toEqual([
        expect.objectContaining({ acceptedLoss: { reason: 'Ausstellungsstück, Abverkauf', cost: { amount: cost, currency: 'EUR' }, net: { amount: net, currency: 'EUR' } } }),
      ]);
      // The timeline, read again, says who accepted which loss and why.
      await page
        .getByRole('listitem')
        .filter({ hasText: `Preis geändert: eBay ${shownEuros(100)}, Verlust hingenommen: Ausstellungsstück, Abverkauf (netto ${shownEuros(net)}, bisherige Kosten ${shownEuros(cost)}) · staff@demo.example` })
        .waitFor();
      await eventually(async () => ((await listingOn(origins.ebay, sku))?.price === '1.00' ? true : undefined), `${sku} at the price accepted at a loss on eBay`);
    } finally {
      page.off('request', onRequest);
    }
  });

  it("lets an admin erase a customer's personal data once asked again, and says why it must wait while the take-back is open", async () => {
    const { id, trackingToken } = await aLabelledTakeBack('GOOD');
    await page.goto(`/staff/passports/${id}`);
    const form = page.getByRole('form', { name: 'Personenbezogene Daten löschen' });
    await form.waitFor();
    // While the take-back is open, the API refuses, and the page says why.
    await form.getByLabel(/^Bezug des Antrags/).fill('Ticket 4711');
    await form.getByRole('button', { name: 'Daten löschen' }).click();
    await form.getByRole('button', { name: 'Ja, endgültig löschen' }).click();
    await form.getByRole('alert').filter({ hasText: 'Noch nicht möglich' }).getByText('Die Rückgabe ist noch offen: Stornieren Sie sie zuerst', { exact: false }).waitFor();

    // Cancelled (the customer asked for that first), the data is erased once the admin confirms.
    expect((await call('POST', `/v1/take-backs/${id}/cancellation?token=${encodeURIComponent(trackingToken)}`)).status).toBe(200);
    await page.reload();
    await form.getByLabel(/^Bezug des Antrags/).fill('Ticket 4711');
    await form.getByRole('button', { name: 'Daten löschen' }).click();
    const yes = form.getByRole('button', { name: 'Ja, endgültig löschen' });
    await expect.poll(() => yes.evaluate((button) => button === button.ownerDocument.activeElement)).toBe(true);
    await screenshotsAndScan(page, 'staff-erasure-confirm');
    await yes.click();

    await expect.poll(async () => (await page.getByTestId('erasure').textContent()) ?? '').toContain('Ticket 4711');
    expect((await passportOf(id)).erasure).toMatchObject({ reason: 'Ticket 4711' });
  });

  it("lets an admin erase a customer's take-backs by their e-mail address, and names those still needed", async () => {
    const email = `lena.${randomUUID().slice(0, 8)}@example.org`;
    const customer = { name: 'Lena Fischer', email, locale: 'de' };
    const done = await aTakeBack({ customer });
    const open = await aTakeBack({ customer });
    expect((await call('POST', `/v1/take-backs/${done.id}/cancellation?token=${encodeURIComponent(done.trackingToken)}`)).status).toBe(200);
    await page.goto('/staff/privacy');
    const form = page.getByRole('form', { name: 'Daten einer Kundin oder eines Kunden löschen' });
    await form.waitFor();

    await form.getByLabel(/^E-Mail-Adresse/).fill(email);
    await form.getByLabel(/^Bezug des Antrags/).fill('Ticket 4715');
    await form.getByRole('button', { name: 'Daten löschen' }).click();
    await form.getByRole('button', { name: 'Ja, endgültig löschen' }).click();

    const result = page.getByTestId('erasure-result');
    await result.getByRole('heading', { name: '1 Rücknahme gelöscht' }).waitFor();
    await result.getByRole('heading', { name: '1 Rücknahme wird noch gebraucht' }).waitFor();
    expect(await result.getByRole('link').evaluateAll((links) => links.map((link) => link.textContent))).toEqual([done.id, open.id]);
    // Why the open take-back is still needed, in the console's language.
    expect(await result.getByRole('listitem').filter({ hasText: open.id }).innerText()).toBe(`${open.id}: Die Rückgabe ist noch offen: Stornieren Sie sie zuerst, oder warten Sie, bis die Kundin oder der Kunde ausgezahlt ist.`);
    expect(await form.getByLabel(/^E-Mail-Adresse/).inputValue()).toBe('');
    await screenshotsAndScan(page, 'staff-privacy');
    expect((await passportOf(done.id)).erasure).toMatchObject({ reason: 'Ticket 4715' });
  });

  it('shows the repair partners and the payout exports, and names the transfers an export set aside', async () => {
    // A graded take-back paid by bank transfer whose sealed account no longer opens (altered in the table).
    const { id } = await aQueuedTransferThatDoesNotOpen('demo', 'Jonas Weber');

    await page.goto('/staff/partners');
    await page.getByText(/Gerätewerk Berlin/).waitFor();
    await screenshotsAndScan(page, 'staff-partners');

    await page.goto('/staff/payouts');
    await page.getByRole('heading', { name: 'Bisherige Exporte' }).waitFor();
    await page.locator('.loading').waitFor({ state: 'detached' });
    await screenshotsAndScan(page, 'staff-payouts');

    await page.getByRole('button', { name: 'Exportieren' }).click();
    const notice = page.getByRole('status').filter({ has: page.getByRole('heading', { name: /zurückgestellt/ }) });
    await notice.waitFor();
    await screenshotsAndScan(page, 'staff-payouts-held');
    // The held transfer links to its passport, whose timeline says why.
    await notice.getByRole('link', { name: /DE02 \*{4} \*{4} \*{4} \*{2}20 51/ }).first().waitFor();
    expect(await notice.getByRole('link').evaluateAll((links) => links.map((link) => link.getAttribute('href')))).toContain(`/staff/passports/${id}`);
    expect((await passportOf(id)).timeline.filter((event: { type: string }) => event.type === 'NeedsAttention')).toHaveLength(1);

    // Coming back later, the admin still sees it: the list of exports names what is set aside.
    await page.reload();
    await page.getByRole('heading', { name: 'Bisherige Exporte' }).waitFor();
    await notice.getByRole('link', { name: /DE02 \*{4} \*{4} \*{4} \*{2}20 51/ }).first().waitFor();
    expect(await notice.getByRole('link').evaluateAll((links) => links.map((link) => link.getAttribute('href')))).toContain(`/staff/passports/${id}`);

    // Its passport's timeline says why in the console's language: the transfer, and why its account does not open.
    await page.goto(`/staff/passports/${id}`);
    const timeline = page.getByRole('list').filter({ has: page.getByText('TakeBackRequested', { exact: true }) });
    await timeline
      .getByRole('listitem')
      .filter({ hasText: /Braucht Aufmerksamkeit: Die Überweisung \S+ kann nicht exportiert werden: Ihr versiegeltes Bankkonto (ist beschädigt|wurde verändert|enthält keine IBAN)/ })
      .waitFor();
  });

  it("lets an admin subscribe the brand's endpoint, see its secret once, rotate it and delete the subscription, and says which kept deliveries a replay could not read", async () => {
    const url = `http://127.0.0.1:9/kreislauf-${Date.now()}`;
    const listed = async () =>
      ((await call('GET', '/v1/webhook-subscriptions', undefined, await admin())).body.subscriptions as { url: string; eventTypes: string[] }[]).find((one) => one.url === url);
    await page.goto('/staff/webhooks');
    await page.getByRole('heading', { name: 'Webhooks', level: 1 }).waitFor();
    await page.locator('.loading').waitFor({ state: 'detached' });

    // Without an event type the API refuses, and the page says so next to the event types.
    await page.getByLabel(/^HTTPS-Adresse des Endpunkts/).fill(url);
    await page.getByRole('button', { name: 'Abonnieren' }).click();
    await page.getByRole('group', { name: 'Ereignisse' }).locator('.field__error').waitFor();
    expect(await listed()).toBeUndefined();

    await page.getByRole('checkbox', { name: 'LabelCreated', exact: true }).check();
    await page.getByRole('checkbox', { name: 'Sold', exact: true }).check();
    await page.getByRole('button', { name: 'Abonnieren' }).click();
    const secret = page.locator('.webhook-secret');
    await secret.waitFor();
    const first = await secret.textContent();
    expect(first).toMatch(/^whsec_/);
    expect(await listed()).toMatchObject({ eventTypes: ['LabelCreated', 'Sold'] });
    await screenshotsAndScan(page, 'staff-webhooks');

    // A rotation shows the new secret once, and how long the old one still signs beside it.
    await page.getByRole('button', { name: `Geheimnis erneuern: ${url}` }).click();
    await expect.poll(() => secret.textContent()).not.toBe(first);
    expect(await secret.textContent()).toMatch(/^whsec_/);
    await page.getByText(/Das bisherige Geheimnis signiert daneben noch bis/).waitFor();

    await page.getByRole('button', { name: `Löschen: ${url}` }).click();
    await page.getByRole('button', { name: `Löschen: ${url}` }).waitFor({ state: 'detached' });
    expect(await listed()).toBeUndefined();

    // A kept dead letter that no longer reads as one of the brand's deliveries (written by hand) is not sent, and the page says so.
    const doc = DynamoDBDocumentClient.from(localDynamoDb(platform().dynamodbEndpoint));
    const key = webhookDeadLetterKey('demo', randomUUID());
    await doc.send(new PutCommand({ TableName: platform().tableName, Item: { ...key, entity: 'WebhookDeadLetter', deadLetterId: key.SK, delivery: { brand: 'demo', body: '{}' }, failedAt: new Date().toISOString() } }));
    try {
      await page.getByRole('button', { name: 'Unzustellbare Lieferungen erneut senden' }).click();
      await expect
        .poll(() => page.getByRole('status').textContent())
        .toMatch(/^\d+ Lieferungen? w(ird|erden) erneut gesendet\. 1 aufbewahrte Lieferung ist nicht lesbar und wurde nicht gesendet; sie steht für den Betrieb der Plattform im Protokoll\.$/);
      expect((await doc.send(new GetCommand({ TableName: platform().tableName, Key: key }))).Item).toBeDefined();
    } finally {
      await doc.send(new DeleteCommand({ TableName: platform().tableName, Key: key }));
    }
  });

  it("lets an admin change a subscription's event types in place, keeping its id and secret, after saying at the event types that none is ticked", async () => {
    const url = `http://127.0.0.1:9/kreislauf-change-${Date.now()}`;
    const created = await call('POST', '/v1/webhook-subscriptions', { url, eventTypes: ['LabelCreated', 'Sold'] }, await admin());
    expect(created.status).toBe(201);
    const { secret: _shownOnce, ...subscription } = created.body;
    const doc = DynamoDBDocumentClient.from(localDynamoDb(platform().dynamodbEndpoint));
    const key = webhookSubscriptionKey('demo', subscription.subscriptionId);
    const sealedSecret = async () => (await doc.send(new GetCommand({ TableName: platform().tableName, Key: key, ConsistentRead: true }))).Item?.secretSealed;
    const sealedBefore = await sealedSecret();
    const listed = async () =>
      ((await call('GET', '/v1/webhook-subscriptions', undefined, await admin())).body.subscriptions as { subscriptionId: string }[]).find((one) => one.subscriptionId === subscription.subscriptionId);
    const sent: { body: unknown; idempotencyKey: string | undefined }[] = [];
    const onRequest = (request: Request) => {
      if (request.method() === 'PATCH' && new URL(request.url()).pathname === `/v1/webhook-subscriptions/${subscription.subscriptionId}`) {
        sent.push({ body: request.postDataJSON(), idempotencyKey: request.headers()['idempotency-key'] });
      }
    };
    page.on('request', onRequest);
    try {
      await page.goto('/staff/webhooks');
      await page.getByRole('heading', { name: 'Webhooks', level: 1 }).waitFor();
      await page.locator('.loading').waitFor({ state: 'detached' });
      const open = page.getByRole('button', { name: `Ereignisse ändern: ${url}` });
      const form = page.getByRole('form', { name: `Ereignisse ändern: ${url}` });
      const checkbox = (type: string) => form.getByRole('checkbox', { name: type, exact: true });

      // Cancelled, nothing is sent and the focus is back where it was.
      await open.click();
      await form.getByRole('button', { name: 'Abbrechen' }).click();
      await form.waitFor({ state: 'detached' });
      expect(await open.evaluate(isFocused)).toBe(true);

      // Opened, the types the subscription has are ticked and the focus is on the first event type.
      await open.click();
      expect(await open.getAttribute('aria-expanded')).toBe('true');
      await expect.poll(() => checkbox('TakeBackRequested').evaluate(isFocused)).toBe(true);
      expect(await checkbox('LabelCreated').isChecked()).toBe(true);
      expect(await checkbox('Sold').isChecked()).toBe(true);
      await screenshotsAndScan(page, 'staff-webhooks-change');

      // None ticked: the API refuses, the form says so at the event types with the focus there, and nothing changes.
      await checkbox('LabelCreated').uncheck();
      await checkbox('Sold').uncheck();
      await form.getByRole('button', { name: 'Ereignisse speichern' }).click();
      await form.getByRole('group', { name: 'Ereignisse' }).locator('.field__error').waitFor();
      await expect.poll(() => checkbox('TakeBackRequested').evaluate(isFocused)).toBe(true);
      expect(await listed()).toEqual(subscription);

      await checkbox('Graded').check();
      await checkbox('Sold').check();
      await form.getByRole('button', { name: 'Ereignisse speichern' }).click();
      await form.waitFor({ state: 'detached' });

      await page.getByRole('status').filter({ hasText: `${url} erhält jetzt: Graded, Sold.` }).waitFor();
      await page.getByRole('row').filter({ hasText: url }).getByRole('cell', { name: 'Graded, Sold', exact: true }).waitFor();
      expect(await open.evaluate(isFocused)).toBe(true);
      expect(await listed()).toEqual({ ...subscription, eventTypes: ['Graded', 'Sold'] });
      expect(await sealedSecret()).toBe(sealedBefore);
      expect(sent.map(({ body }) => body)).toEqual([{ eventTypes: [] }, { eventTypes: ['Graded', 'Sold'] }]);
      expect(new Set(sent.map(({ idempotencyKey }) => idempotencyKey)).size).toBe(2);
    } finally {
      page.off('request', onRequest);
      await call('DELETE', `/v1/webhook-subscriptions/${subscription.subscriptionId}`, undefined, await admin());
    }
  });

  it('says in German why a take-back waits for a person, from the facts the platform kept', async () => {
    const { id, trackingToken } = await aTakeBack({ address: AN_ADDRESS_DHL_REFUSES });
    await untilStatus(id, trackingToken, 'NEEDS_ATTENTION');
    const { attention } = await passportOf(id);
    expect(attention.basis).toMatchObject({ kind: 'LABEL_FAILED', error: 'CarrierRejected' });

    await page.goto(`/staff/passports/${id}`);
    await expect.poll(() => page.getByTestId('attention').textContent()).toBe(
      `DHL hat die Etikettanfrage abgelehnt: ${attention.basis.message}. Prüfen Sie die Adresse der Kundschaft und die DHL-Empfänger-ID der Marke.`,
    );
  });

  it("shows the brand's team with the signed-in person marked, and lets an admin take a colleague out of the directory, whom every page then names by their subject", async () => {
    // A brand of its own: the other browser files sign in as the demo brand's staff with other roles at any
    // moment, and the directory keeps the roles a person had when last seen.
    const brand = await aBrandLikeDemo((config) => config);
    const email = `ehemalig-${randomUUID().slice(0, 8)}@demo.example`;
    const subject = randomUUID();
    const colleague = await staff({ brand, roles: ['ops'], email, subject });
    const recorded = await call('PUT', '/v1/staff/me', undefined, colleague);
    expect(recorded.status).toBe(200);
    const directory = async () => ((await call('GET', '/v1/staff', undefined, await admin(brand))).body.staff as { subject: string; email: string }[]).map((one) => one.email);
    // The colleague received a parcel: its passport names them.
    const { id } = await aLabelledTakeBackOf(brand);
    expect((await call('POST', `/v1/passports/${id}/receipt`, {}, colleague)).status).toBe(200);
    const { context: own, page: teamPage } = await newPage();
    try {
      await teamPage.goto('/staff/');
      await teamPage.getByLabel('Marke').fill(brand);
      await teamPage.getByRole('checkbox', { name: /\(admin\)/ }).check();
      await teamPage.getByRole('button', { name: 'Anmelden' }).click();
      await teamPage.getByRole('heading', { name: 'Wareneingang', level: 1 }).waitFor();
      await teamPage.goto(`/staff/passports/${id}`);
      // The passport's facts name who received it ("Eingegangen": when, where, by whom).
      const receipt = teamPage.locator('dt', { hasText: /^Eingegangen$/ }).locator('xpath=following-sibling::dd[1]');
      await expect.poll(() => receipt.textContent()).toContain(email);

      // To the team page within the console (no page load).
      await teamPage.getByRole('link', { name: 'Team' }).click();
      await teamPage.getByRole('heading', { name: 'Team', level: 1 }).waitFor();
      const rows = teamPage.getByRole('row');
      const signedIn = rows.filter({ hasText: `staff@${brand}.example (Sie)` });
      await signedIn.waitFor();
      expect(await signedIn.getByRole('cell').nth(1).textContent()).toBe('Lager, Verwaltung');
      // Nobody takes themselves out: they would be recorded again at once.
      expect(await signedIn.getByRole('button').count()).toBe(0);
      const theirs = rows.filter({ hasText: email });
      expect(await theirs.getByRole('cell').nth(1).textContent()).toBe('Lager');
      await screenshotsAndScan(teamPage, 'staff-team');

      await teamPage.getByRole('button', { name: `Aus dem Verzeichnis nehmen: ${email}` }).click();
      await teamPage.getByRole('status').filter({ hasText: `${email} ist aus dem Verzeichnis genommen` }).waitFor();
      expect(await theirs.count()).toBe(0);
      expect(await directory()).not.toContain(email);
      expect(await directory()).toContain(`staff@${brand}.example`);
      // Back on the passport, still without a page load: the receipt names them by their subject now.
      await teamPage.goBack();
      await expect.poll(() => receipt.textContent()).toContain(subject);
      expect(await receipt.textContent()).not.toContain(email);
    } finally {
      await own.close();
    }
  });

  it("lets an admin start a payout again that the brand's voucher issuer refused, once its settings are put right", async () => {
    // A brand whose Shopify shop has no access token kept: its payouts wait for a person.
    const brand = await aBrandLikeDemo((config) => ({
      payouts: { ...config.payouts!, voucherIssuer: { kind: 'shopify', adminApiUrl: 'https://shop-without-token.example/admin/api/2025-01/graphql.json' } },
    }));
    const { id } = await aLabelledTakeBackOf(brand);
    await receiveAndGrade(brand, id);
    await eventually(async () => (await call('GET', `/v1/passports/${id}`, undefined, await admin(brand))).body.timeline.some((e: { type: string }) => e.type === 'NeedsAttention') || undefined, 'the payout asking a person');
    const store = new DynamoDbSeedingPassportStore(platform().tableName, localDynamoDb(platform().dynamodbEndpoint));
    const catalog = (await store.getCatalog(brand))!;
    await store.putCatalog({ ...catalog, config: { ...catalog.config, payouts: { ...catalog.config.payouts!, voucherIssuer: { kind: 'kreislauf' } } } });

    const { context: own, page: adminPage } = await newPage();
    await adminPage.goto('/staff/');
    await adminPage.getByLabel('Marke').fill(brand);
    await adminPage.getByRole('checkbox', { name: /\(admin\)/ }).check();
    await adminPage.getByRole('button', { name: 'Anmelden' }).click();
    await adminPage.getByRole('heading', { name: 'Wareneingang', level: 1 }).waitFor();
    // The payouts page lists it among the payouts waiting for a person, linked to its passport.
    await adminPage.goto('/staff/payouts');
    const awaiting = adminPage.getByRole('status').filter({ has: adminPage.getByRole('heading', { name: '1 Auszahlung wartet auf eine Person' }) });
    await awaiting.waitFor();
    // Why, in the console's language, with the failure's own words quoted.
    expect(await awaiting.getByTestId('awaiting-reason').textContent()).toMatch(/^Die Auszahlung konnte nicht geleistet werden \(.+\): .+\. Prüfen Sie die Auszahlungseinstellungen der Marke/);
    await screenshotsAndScan(adminPage, 'staff-payouts-awaiting');
    expect(await awaiting.getByRole('link').evaluateAll((links) => links.map((link) => link.getAttribute('href')))).toEqual([`/staff/passports/${id}`]);
    await awaiting.getByRole('link').click();
    const retry = adminPage.getByRole('region', { name: 'Auszahlung erneut starten' });
    await retry.waitFor();
    await screenshotsAndScan(adminPage, 'staff-payout-retry');
    // A second tab of the same admin, opened on the passport before the payout is started.
    const token = await adminPage.evaluate(() => sessionStorage.getItem('kreislauf.staff.token'));
    const secondTab = await own.newPage();
    await secondTab.addInitScript((kept) => sessionStorage.setItem('kreislauf.staff.token', kept!), token);
    // The tab reads the passport again while the workflows may move it on; until its admin starts the payout, it is
    // answered what it read first, as a tab left open in a quiet moment would show it (released at the click, the page's
    // own read every 3 s could take the form away before the click landed: a fresh-clone CI of 7 December).
    let held: { body: string; headers: Record<string, string> } | undefined;
    let holding = true;
    await secondTab.route(`**/v1/passports/${id}`, async (route) => {
      if (route.request().method() !== 'GET' || !holding) return route.continue();
      if (!held) {
        const response = await route.fetch();
        held = { body: await response.text(), headers: response.headers() };
      }
      await route.fulfill({ status: 200, headers: held.headers, body: held.body });
    });
    // Its admin's start lets the reads through again: the page reads the passport as it is once the API has answered.
    await secondTab.route(`**/v1/passports/${id}/payout`, async (route) => {
      holding = false;
      await route.continue();
    });
    await secondTab.goto(`/staff/passports/${id}`);
    const secondRetry = secondTab.getByRole('region', { name: 'Auszahlung erneut starten' });
    await secondRetry.waitFor();
    await retry.getByRole('button', { name: 'Auszahlung starten' }).click();
    await eventually(async () => (await call('GET', `/v1/passports/${id}`, undefined, await admin(brand))).body.ledger.some((line: { kind: string }) => line.kind === 'PAYOUT') || undefined, 'the payout made');
    // Once the page's own read finds the payout made, the form goes; that it started is said above the facts, and stays
    // (said in the form until the evening of 7 December 2026, it went with it: a fresh-clone CI of 1f45b56).
    await expect.poll(() => retry.count(), { timeout: 20_000 }).toBe(0);
    expect(await adminPage.getByTestId('passport-notice').textContent()).toBe('Die Auszahlung ist gestartet. Laden Sie die Seite in einer Minute neu, um das Ergebnis zu sehen.');
    // The second tab's start, now that the payout is made: the page says so in its words (the API's 409 names the
    // payout's status) and shows the passport as it is, without the form.
    await secondRetry.getByRole('button', { name: 'Auszahlung starten' }).click();
    await expect
      .poll(() => secondTab.getByTestId('passport-conflict').textContent())
      .toBe('Nicht gestartet: Die Auszahlung wurde inzwischen gemacht oder für die Überweisung vorgemerkt. Die Seite zeigt jetzt den aktuellen Stand des Artikels.');
    await expect.poll(() => secondRetry.count()).toBe(0);
    // Made: the page no longer offers to start it.
    await adminPage.reload();
    await adminPage.getByRole('heading', { name: 'Verlauf' }).waitFor();
    expect(await adminPage.getByRole('region', { name: 'Auszahlung erneut starten' }).count()).toBe(0);
    // And the payouts page no longer lists it.
    await adminPage.goto('/staff/payouts');
    await adminPage.getByRole('heading', { name: 'Bisherige Exporte' }).waitFor();
    await adminPage.locator('.loading').waitFor({ state: 'detached' });
    expect(await adminPage.getByRole('heading', { name: /warte[nt] auf eine Person/ }).count()).toBe(0);
    await own.close();
  });
});
