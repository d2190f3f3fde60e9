import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { call, eventually } from '../e2e/client';
import { AN_ADDRESS_DHL_REFUSES, aTakeBack, dhlOrdersFor, untilStatus } from '../e2e/support';
import { demoOps, passportOf } from '../e2e/warehouse';
import { newPage, screenshotsAndScan } from './support';

// The staff console's passport page for a take-back whose label DHL refused: the customer's address to correct,
// prefilled, and the label made again. A file of its own: the staff console's tests are long.

/** A take-back whose label DHL refused (a postcode no town has), waiting for a person. */
async function aRefusedTakeBack(): Promise<string> {
  const { id, trackingToken } = await aTakeBack({ address: AN_ADDRESS_DHL_REFUSES });
  await untilStatus(id, trackingToken, 'NEEDS_ATTENTION');
  return id;
}

/** Signs in on the local issuer's page as the demo brand's ops staff, in the page's language, and opens the passport. */
async function openAsOps(page: Page, id: string, words: { brand: string; submit: string; receiving: string }): Promise<void> {
  await page.goto('/staff/');
  await page.getByLabel(words.brand).fill('demo');
  await page.getByRole('button', { name: words.submit }).click();
  await page.getByRole('heading', { name: words.receiving, level: 1 }).waitFor();
  await page.goto(`/staff/passports/${id}`);
}

describe('the staff console has a refused label made again', () => {
  it("corrects the customer's address, prefilled as given, and the label is made once", async () => {
    const id = await aRefusedTakeBack();
    const { context, page } = await newPage();
    try {
      await openAsOps(page, id, { brand: 'Marke', submit: 'Anmelden', receiving: 'Wareneingang' });
      const form = page.getByRole('form', { name: 'Etikett erneut erstellen' });
      await form.waitFor();
      expect(await form.getByLabel(/^Postleitzahl/).inputValue()).toBe(AN_ADDRESS_DHL_REFUSES.postalCode);
      expect(await form.getByLabel(/^Name/).inputValue()).toBe('Erika Mustermann');
      // The take-back can still be cancelled instead.
      expect(await page.getByRole('form', { name: 'Rückgabe stornieren' }).count()).toBe(1);

      // A name left empty: the API refuses it, at the field.
      await form.getByLabel(/^Name/).fill('');
      await form.getByRole('button', { name: 'Etikett erneut erstellen' }).click();
      await expect.poll(async () => (await form.getByLabel(/^Name/).getAttribute('aria-invalid')) ?? '').toBe('true');
      await screenshotsAndScan(page, 'staff-label-retry');

      await form.getByLabel(/^Name/).fill('Erika Mustermann');
      await form.getByLabel(/^Postleitzahl/).fill('10115');
      await form.getByLabel(/^Ort/).fill('Berlin');
      // A country the brand takes nothing back from: the API's 422, said at the field in the page's words.
      await form.getByLabel(/^Land/).fill('FR');
      await form.getByRole('button', { name: 'Etikett erneut erstellen' }).click();
      await form.getByText('Aus diesem Land nimmt die Marke keine Artikel zurück, nur aus DE, AT.', { exact: true }).waitFor();
      expect(await page.getByText(/must be one of/).count()).toBe(0);

      await form.getByLabel(/^Land/).fill('DE');
      await form.getByRole('button', { name: 'Etikett erneut erstellen' }).click();
      // Said above the passport's facts, where it stays when the label is made before the page reads the passport again
      // (the form goes with the state it is offered in).
      await page.getByRole('status').filter({ hasText: 'Das Etikett wird erstellt.' }).waitFor();

      const labelled = await eventually(async () => {
        const passport = await passportOf(id);
        return passport.state === 'LABEL_CREATED' ? passport : undefined;
      }, 'the label made again');
      expect(labelled.timeline.filter((event: { type: string }) => event.type === 'LabelRetried').map((event: { data: unknown }) => event.data)).toEqual([
        { by: expect.any(String), from: 'NEEDS_ATTENTION', corrected: ['postalCode'] },
      ]);
      expect(await dhlOrdersFor(id)).toHaveLength(1);
      await page.reload();
      await page.getByText('Etikett erneut angefordert: Adresse korrigiert: Postleitzahl').waitFor();
      expect(await page.getByRole('form', { name: 'Etikett erneut erstellen' }).count()).toBe(0);
    } finally {
      await context.close();
    }
  });

  it('offers the same in English', async () => {
    const id = await aRefusedTakeBack();
    const { context, page } = await newPage({ locale: 'en-GB' });
    try {
      await openAsOps(page, id, { brand: 'Brand', submit: 'Sign in', receiving: 'Receiving' });
      const form = page.getByRole('form', { name: 'Create the label again' });
      await form.waitFor();
      expect(await form.getByLabel(/^Postal code/).inputValue()).toBe(AN_ADDRESS_DHL_REFUSES.postalCode);
      await form.getByLabel(/^Postal code/).fill('10115');
      await form.getByLabel(/^City/).fill('Berlin');
      await form.getByLabel(/^Country/).fill('DE');
      // The page reads the passport again only once the label is made (as on a busy machine, where the workflow was
      // quicker than the page): the form goes with the state it is offered in, and what was started is still said.
      await page.route(`**/v1/passports/${id}`, async (route) => {
        if (route.request().method() === 'GET') await eventually(async () => ((await passportOf(id)).state === 'LABEL_CREATED' ? true : undefined), 'the label made again');
        await route.continue();
      });
      await form.getByRole('button', { name: 'Create label again' }).click();
      await expect.poll(() => form.count()).toBe(0);
      await page.getByRole('status').filter({ hasText: 'The label is being made.' }).waitFor();
    } finally {
      await context.close();
    }
  });

  it('says in its own words that the take-back was cancelled meanwhile, and shows it as it is now', async () => {
    const id = await aRefusedTakeBack();
    const { context, page } = await newPage({ locale: 'en-GB' });
    try {
      await openAsOps(page, id, { brand: 'Brand', submit: 'Sign in', receiving: 'Receiving' });
      const form = page.getByRole('form', { name: 'Create the label again' });
      await form.waitFor();
      // A colleague cancels the take-back while this page is open.
      const cancelled = await call('POST', `/v1/passports/${id}/cancellation`, { reason: 'Customer called' }, { ...(await demoOps()), 'idempotency-key': randomUUID() });
      expect(cancelled.status).toBe(200);

      await form.getByRole('button', { name: 'Create label again' }).click();
      const conflict = page.getByTestId('passport-conflict');
      await conflict.waitFor();
      expect(await conflict.textContent()).toBe('Not saved: the item is “Cancelled” meanwhile. The page now shows where it stands; decide from there whether anything is left to do.');
      await page.getByTestId('passport-state').filter({ hasText: 'Cancelled' }).waitFor();
      await form.waitFor({ state: 'detached' });
      await expect.poll(() => conflict.evaluate((element) => element === element.ownerDocument.activeElement)).toBe(true);
      expect(await page.getByText(/Conflict|does not wait for its label/).count()).toBe(0);
    } finally {
      await context.close();
    }
  });

  it('shows the address as it stands, not to be changed, while the take-back is REQUESTED and its label may be with DHL', async () => {
    const id = await aRefusedTakeBack();
    const { context, page } = await newPage();
    try {
      // The passport as the API would show it while a label step holds the request: a state that lasts seconds only,
      // so the page is given it by the browser (the rest of the passport as the API answers).
      await page.route(`**/v1/passports/${id}`, async (route) => {
        if (route.request().method() !== 'GET') return route.fallback();
        const response = await route.fetch();
        await route.fulfill({ response, json: { ...(await response.json()), state: 'REQUESTED' } });
      });
      await openAsOps(page, id, { brand: 'Marke', submit: 'Anmelden', receiving: 'Wareneingang' });
      const form = page.getByRole('form', { name: 'Etikett erneut erstellen' });
      await form.waitFor();
      expect(await form.getByTestId('address-fixed').textContent()).toBe(
        'Die Etikettanfrage kann gerade bei DHL liegen: Die Adresse lässt sich korrigieren, sobald DHL geantwortet hat und die Rückgabe auf eine Person wartet.',
      );
      for (const field of [/^Name/, /^Postleitzahl/, /^Ort/, /^Land/]) expect(await form.getByLabel(field).isEditable()).toBe(false);
      expect(await form.getByLabel(/^Postleitzahl/).inputValue()).toBe(AN_ADDRESS_DHL_REFUSES.postalCode);
      // The label can still be asked for again as the address stands.
      expect(await form.getByRole('button', { name: 'Etikett erneut erstellen' }).isEnabled()).toBe(true);
    } finally {
      await context.close();
    }
  });
});
