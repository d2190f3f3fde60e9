import { randomUUID } from 'node:crypto';
import type { BrowserContext, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../e2e/client';
import { aBrandInYen, aBrandLikeDemo, admin } from '../e2e/payouts-support';
import { disconnect, newPage, screenshotsAndScan } from './support';

// Run in the page: whether the element has the focus.
const isFocused = (element: { ownerDocument: { activeElement: unknown } }) => element === element.ownerDocument.activeElement;


/** Signs in to the console as an admin of `brand` and opens its settings. */
async function openSettingsAsAdmin(page: Page, brand: string): Promise<void> {
  await page.goto('/staff/');
  await page.getByLabel('Marke').fill(brand);
  await page.getByRole('checkbox', { name: /\(admin\)/ }).check();
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await page.getByRole('heading', { name: 'Wareneingang', level: 1 }).waitFor();
  await page.getByRole('link', { name: 'Einstellungen' }).click();
}

describe("a brand's settings in the staff console", () => {
  let context: BrowserContext;
  let page: Page;
  /** A brand of this file's own, as the demo brand is configured: its changes reach no other test. */
  let brand: string;
  const saves: string[] = [];
  const onRequest = (request: Request) => {
    if (request.method() === 'PUT' && new URL(request.url()).pathname === '/v1/brand-config') saves.push(request.headers()['if-match'] ?? '');
  };

  const configuration = async () => {
    const answer = await call('GET', '/v1/brand-config', undefined, await admin(brand));
    expect(answer.status).toBe(200);
    return { catalog: answer.body, etag: answer.headers.get('etag') };
  };
  const editor = () => page.getByRole('textbox', { name: 'Konfiguration (JSON)' });
  const documentForm = () => page.getByRole('form', { name: 'Das ganze Dokument bearbeiten' });
  const pricesForm = () => page.getByRole('form', { name: 'Preise und Ankaufsanteile' });
  /** The document in the editor, changed by `change`, typed back into it. */
  const edit = async (change: (catalog: any) => void) => {
    const catalog = JSON.parse(await editor().inputValue());
    change(catalog);
    await editor().fill(JSON.stringify(catalog, null, 2));
  };
  const historyRows = () => page.getByRole('region', { name: 'Versionen' }).getByRole('row').allInnerTexts();

  beforeAll(async () => {
    brand = await aBrandLikeDemo(() => ({}));
    ({ context, page } = await newPage());
    page.on('request', onRequest);
  });

  afterAll(async () => {
    page.off('request', onRequest);
    await context.close();
    await disconnect();
  });

  it('shows the configuration and its versions to an admin, and saves a change on top of the version read', async () => {
    await openSettingsAsAdmin(page, brand);
    await page.getByRole('heading', { name: 'Einstellungen der Marke', level: 1 }).waitFor();

    const { catalog } = await configuration();
    const overview = page.getByRole('region', { name: 'Überblick' });
    await expect.poll(() => overview.getByRole('definition').allInnerTexts()).toEqual([
      `${catalog.config.name} (${brand})`,
      'EUR',
      'de',
      'Europe/Berlin',
      catalog.config.countries.join(', '),
      expect.stringMatching(/^1, gespeichert am \d{2}\.\d{2}\.\d{4}, \d{2}:\d{2} von kreislauf$/),
    ]);
    // A header row and one row per product.
    expect(await overview.getByRole('row').count()).toBe(catalog.products.length + 1);
    expect(await historyRows()).toEqual([expect.stringMatching(/^Version\t/), expect.stringMatching(/^1\t.*\tkreislauf\tMarke und Versand, Produkte, Zustandsfragen, /)]);
    await expect.poll(() => editor().inputValue()).toBe(JSON.stringify(catalog, null, 2));
    expect(await documentForm().getByText('Keine Änderung gegenüber der gelesenen Version.').count()).toBe(1);

    await edit((draft) => {
      draft.config.name = 'Kreislauf Einstellungen GmbH';
      draft.products[0].newPrice.amount += 1_000;
    });
    await documentForm().getByText('Diese Änderung betrifft: Marke und Versand, Produkte.').waitFor();
    await documentForm().getByRole('button', { name: 'Speichern' }).click();

    await page.getByRole('status').filter({ hasText: 'Gespeichert als Version 2.' }).waitFor();
    const after = await configuration();
    expect(after.etag).toBe('"v2"');
    expect(after.catalog.config.name).toBe('Kreislauf Einstellungen GmbH');
    expect(after.catalog.products[0].newPrice.amount).toBe(catalog.products[0].newPrice.amount + 1_000);
    expect(saves).toEqual(['"v1"']);
    await expect.poll(historyRows).toEqual([
      expect.stringMatching(/^Version\t/),
      // Named by the address the console recorded for the admin when it opened (the staff directory).
      expect.stringMatching(new RegExp(`^2\\t.*\\tstaff@${brand}\\.example\\tMarke und Versand, Produkte$`)),
      expect.stringMatching(/^1\t/),
    ]);
    await expect.poll(() => overview.getByRole('definition').first().innerText()).toBe(`Kreislauf Einstellungen GmbH (${brand})`);
    await screenshotsAndScan(page, 'staff-settings');
  });

  it('says at its path what the schema refuses, before anything is sent', async () => {
    await edit((draft) => {
      draft.products[0].newPrice.amount = 0;
    });
    await page.getByText('Eine Angabe ist nicht gültig:').waitFor();
    // In the page's language: the schema's words are the API's, said in German (until 7 December 2026 in English).
    expect(await page.getByRole('listitem').filter({ hasText: 'products.0.newPrice.amount: muss größer als 0 sein' }).count()).toBe(1);
    await editor().fill('{ "config": ');
    await page.getByText(/^Kein gültiges JSON: /).waitFor();
    await documentForm().getByRole('button', { name: 'Speichern' }).click();

    expect(await editor().evaluate(isFocused)).toBe(true);
    expect(await editor().getAttribute('aria-invalid')).toBe('true');
    expect((await configuration()).etag).toBe('"v2"');
    // Counted after a round trip of its own, so that a save the page sent late would be counted too.
    expect(saves).toHaveLength(1);
    await documentForm().getByRole('button', { name: 'Änderungen verwerfen' }).click();
    await documentForm().getByText('Keine Änderung gegenüber der gelesenen Version.').waitFor();
  });

  it("says in German what the API refused at its path, and nothing of the API's English", async () => {
    await edit((draft) => {
      // Only the save's checks refuse these: a name of nothing visible, and a category name over a line.
      draft.products[0].name = '\u200b';
      draft.config.categoryNames = { ...draft.config.categoryNames, smartphone: 'Handys\nund mehr' };
    });
    await documentForm().getByRole('button', { name: 'Speichern' }).click();

    const refusal = page.getByRole('alert').filter({ hasText: 'Nicht gespeichert:' });
    await refusal.waitFor();
    expect(await refusal.getByRole('listitem').allInnerTexts()).toEqual([
      'config.categoryNames.smartphone: darf keine Steuerzeichen und keine Zeilenumbrüche enthalten',
      'products.0.name: muss ein sichtbares Zeichen enthalten',
    ]);
    expect(await refusal.innerText()).not.toMatch(/did not validate|must /);
    expect((await configuration()).etag).toBe('"v2"');
    await documentForm().getByRole('button', { name: 'Änderungen verwerfen' }).click();
  });

  it("shows the API's refusal of rules that lose money at their path, and saves nothing", async () => {
    await edit((draft) => {
      draft.config.offerRules.smartphone.LIKE_NEW = { minShare: 0.98, maxShare: 0.99 };
      for (const product of draft.products) if (product.category === 'smartphone') delete product.tradeIn;
    });
    await documentForm().getByRole('button', { name: 'Speichern' }).click();

    const refusal = page.getByRole('alert').filter({ hasText: 'Nicht gespeichert:' });
    await refusal.waitFor();
    const issues = await refusal.getByRole('listitem').allInnerTexts();
    expect(issues.length).toBeGreaterThan(0);
    expect(issues.every((issue) => /^config\.offerRules\.smartphone\.LIKE_NEW: .* a loss of /.test(issue))).toBe(true);
    // The save of the test before, refused too, was sent on "v2" as well.
    expect(saves).toEqual(['"v1"', '"v2"', '"v2"']);
    expect((await configuration()).etag).toBe('"v2"');
    await documentForm().getByRole('button', { name: 'Änderungen verwerfen' }).click();
  });

  it('saves nothing over a version someone else saved meanwhile, and loads that version on request', async () => {
    const { catalog } = await configuration();
    const elsewhere = await call('PUT', '/v1/brand-config', { ...catalog, config: { ...catalog.config, name: 'Über die API GmbH' } }, {
      ...(await admin(brand)),
      'if-match': '"v2"',
      'idempotency-key': randomUUID(),
    });
    expect(elsewhere.status).toBe(200);

    await edit((draft) => {
      draft.config.name = 'Im Browser GmbH';
    });
    await documentForm().getByRole('button', { name: 'Speichern' }).click();

    const conflict = page.getByRole('alert').filter({ hasText: 'von jemand anderem gespeichert' });
    await conflict.waitFor();
    expect(saves.at(-1)).toBe('"v2"');
    expect((await configuration()).catalog.config.name).toBe('Über die API GmbH');
    await conflict.getByRole('button', { name: /^Aktuelle Version laden/ }).click();
    await expect.poll(async () => JSON.parse(await editor().inputValue()).config.name).toBe('Über die API GmbH');
    await expect.poll(() => page.getByRole('region', { name: 'Überblick' }).getByRole('definition').last().innerText()).toMatch(/^3, gespeichert am /);
    expect(await page.getByRole('alert').count()).toBe(0);
  });

  it('changes a price and a share in the form, reckons the offer as typed, and saves both on top of the version read', async () => {
    const before = await configuration();
    expect(before.etag).toBe('"v3"');
    const index = before.catalog.products.findIndex((product: { sku: string }) => product.sku === 'DO-TAB-11-128');
    const tablet = before.catalog.products[index];
    const price = pricesForm().getByRole('textbox', { name: tablet.name });
    const likeNewFrom = pricesForm().getByRole('group', { name: 'Ankaufsanteile: Tablets (tablet)', exact: true }).getByRole('textbox', { name: 'Wie neu: ab (%)' });
    const offers = () => pricesForm().getByRole('table').filter({ hasText: 'Produkt' }).getByRole('row').filter({ hasText: tablet.name }).getByRole('cell').allInnerTexts();
    expect(await price.inputValue()).toBe('449,00');
    expect(await likeNewFrom.inputValue()).toBe('30');
    // Wie neu 30–40 %, Gut 22–30 %, Akzeptabel 12–18 %, Defekt 1–2 % of 449 €, each bound rounded down to a whole euro.
    expect(await offers()).toEqual([/134,00\s€ – 179,00\s€/, /98,00\s€ – 134,00\s€/, /53,00\s€ – 80,00\s€/, /4,00\s€ – 8,00\s€/].map((pattern) => expect.stringMatching(pattern)));
    expect(await pricesForm().getByText('Keine Änderung gegenüber der gelesenen Version.').count()).toBe(1);

    await price.fill('1000');
    await likeNewFrom.fill('32,5');
    await expect.poll(offers).toEqual([/^325,00\s€ – 400,00\s€$/, /^220,00\s€ – 300,00\s€$/, /^120,00\s€ – 180,00\s€$/, /^10,00\s€ – 20,00\s€$/].map((pattern) => expect.stringMatching(pattern)));
    await pricesForm().getByText('Diese Änderung betrifft: Produkte, Angebotsregeln.').waitFor();
    expect(await pricesForm().getByText('Keine Regel zahlt mehr, als ein Stück einbringt.').count()).toBe(1);
    await pricesForm().getByRole('button', { name: 'Preise speichern' }).click();

    await page.getByRole('status').filter({ hasText: 'Gespeichert als Version 4.' }).waitFor();
    const after = await configuration();
    expect(after.etag).toBe('"v4"');
    expect(saves.at(-1)).toBe('"v3"');
    // Exactly the two values typed changed: the rest of the document is the version read.
    const expected = structuredClone(before.catalog);
    expected.products[index].newPrice.amount = 100_000;
    expected.config.offerRules.tablet.LIKE_NEW.minShare = 0.325;
    expect(after.catalog).toEqual(expected);
    await expect.poll(historyRows).toEqual([
      expect.stringMatching(/^Version\t/),
      expect.stringMatching(/^4\t.*\tProdukte, Angebotsregeln$/),
      expect.stringMatching(/^3\t/),
      expect.stringMatching(/^2\t/),
      expect.stringMatching(/^1\t/),
    ]);
    await expect.poll(() => price.inputValue()).toBe('1000,00');
    expect(await likeNewFrom.inputValue()).toBe('32,5');
  });

  it('says at the field what is wrong or loses money, sends nothing, and waits for the other draft', async () => {
    const phone = (await configuration()).catalog.products[0];
    expect(phone.sku).toBe('DO-PHONE-X2-128');
    const price = pricesForm().getByRole('textbox', { name: phone.name });
    const shares = (category: string) => pricesForm().getByRole('group', { name: `Ankaufsanteile: ${{ tablet: 'Tablets', smartphone: 'Smartphones' }[category]} (${category})`, exact: true });
    const save = pricesForm().getByRole('button', { name: 'Preise speichern' });
    const putsBefore = saves.length;
    const typedPrice = await price.inputValue();
    expect(typedPrice).toBe('609,00');

    await price.fill('neunhundert');
    await pricesForm().getByText('Bitte einen Betrag wie 899,00 angeben.').waitFor();
    expect(await price.getAttribute('aria-invalid')).toBe('true');
    expect(await pricesForm().getByText('Geprüft wird, sobald alle Angaben gültig sind.').count()).toBe(1);
    await save.click();
    expect(await price.evaluate(isFocused)).toBe(true);
    await price.fill(typedPrice);

    const goodFrom = shares('tablet').getByRole('textbox', { name: 'Gut: ab (%)' });
    await goodFrom.fill('50');
    await shares('tablet').getByText('„ab“ darf nicht über „bis“ liegen.').waitFor();
    await goodFrom.fill('22');

    const likeNewTo = shares('smartphone').getByRole('textbox', { name: 'Wie neu: bis (%)' });
    await likeNewTo.fill('99');
    const losses = pricesForm().getByRole('region', { name: 'Wirtschaftlichkeit' }).getByRole('listitem');
    await expect.poll(() => losses.count()).toBeGreaterThan(0);
    // Only the phone without a trade-in value of its own is paid by the share; each loss names it and what it costs.
    expect((await losses.allInnerTexts()).every((loss) => loss.includes(`, ${phone.name}, `) && /kostet .*, bringt .*, Verlust /.test(loss))).toBe(true);
    expect(await shares('smartphone').getByText('Zahlt mehr, als das Stück einbringt (siehe Wirtschaftlichkeit).').count()).toBe(1);
    await save.click();
    expect(await likeNewTo.evaluate(isFocused)).toBe(true);
    await likeNewTo.fill('44');
    await pricesForm().getByText('Keine Regel zahlt mehr, als ein Stück einbringt.').waitFor();
    await pricesForm().getByText('Diese Änderung betrifft: Angebotsregeln.').waitFor();

    // A change in the document's editor waits: a save of either form is a new version both start from again.
    await edit((draft) => {
      draft.config.name = 'Entwurf GmbH';
    });
    await save.click();
    await pricesForm().getByRole('alert').filter({ hasText: 'Das andere Formular dieser Seite hat ungespeicherte Änderungen' }).waitFor();
    expect(saves).toHaveLength(putsBefore);
    expect((await configuration()).etag).toBe('"v4"');
    await documentForm().getByRole('button', { name: 'Änderungen verwerfen' }).click();
    await expect.poll(() => pricesForm().getByRole('alert').count()).toBe(0);
    await pricesForm().getByRole('button', { name: 'Änderungen verwerfen' }).click();
    expect(await price.inputValue()).toBe(typedPrice);
    expect(await pricesForm().getByText('Keine Änderung gegenüber der gelesenen Version.').count()).toBe(1);
  });

  it('shows each category by the name the brand gives it, beside its code, in the products and the shares', async () => {
    const overview = page.getByRole('region', { name: 'Überblick' });
    const categoryOf = (sku: string) => overview.getByRole('row').filter({ hasText: sku }).getByRole('cell').nth(2).innerText();
    const sharesGroup = (name: string) => pricesForm().getByRole('group', { name: `Ankaufsanteile: ${name}`, exact: true });
    // Before: the published name (the console's language) beside the code.
    expect(await categoryOf('DO-TAB-11-128')).toBe('Tablets (tablet)');

    await edit((draft) => {
      draft.config.categoryNames = { tablet: 'Tablet-PCs' };
    });
    await documentForm().getByText('Diese Änderung betrifft: Kategorienamen.').waitFor();
    await documentForm().getByRole('button', { name: 'Speichern' }).click();
    await page.getByRole('status').filter({ hasText: 'Gespeichert als Version 5.' }).waitFor();

    expect((await configuration()).catalog.config.categoryNames).toEqual({ tablet: 'Tablet-PCs' });
    await expect.poll(() => categoryOf('DO-TAB-11-128')).toBe('Tablet-PCs (tablet)');
    expect(await categoryOf('DO-PHONE-X2-128')).toBe('Smartphones (smartphone)');
    await sharesGroup('Tablet-PCs (tablet)').waitFor();
    expect(await sharesGroup('Smartphones (smartphone)').count()).toBe(1);
    expect(await pricesForm().getByText('DO-TAB-11-128 · Tablet-PCs (tablet) · in EUR').count()).toBe(1);
    await expect.poll(historyRows).toEqual(expect.arrayContaining([expect.stringMatching(/^5\t.*\tKategorienamen$/)]));
  });
});

describe("a yen brand's prices in the staff console", () => {
  afterAll(disconnect);

  it('shows and reads its prices in whole yen, and refuses a price typed with cents', async () => {
    const brand = await aBrandInYen();
    const { context, page } = await newPage();
    await openSettingsAsAdmin(page, brand);
    const before = (await call('GET', '/v1/brand-config', undefined, await admin(brand))).body;
    const phone = before.products[0];
    expect(phone.newPrice).toEqual({ amount: 59_900, currency: 'JPY' });

    // ¥59,900 is 59900 in the API (the yen has no minor unit): not "599 ¥", nor "599,00" to be typed.
    const overview = page.getByRole('region', { name: 'Überblick' });
    await expect.poll(() => overview.getByRole('row').filter({ hasText: phone.sku }).getByRole('cell').nth(3).innerText()).toBe('59.900\u00a0¥');
    const form = page.getByRole('form', { name: 'Preise und Ankaufsanteile' });
    const price = form.getByRole('textbox', { name: phone.name });
    expect(await price.inputValue()).toBe('59900');

    await price.fill('599,00');
    await form.getByText('Bitte einen Betrag wie 89900 angeben.').waitFor();
    await price.fill('61000');
    await form.getByText('Diese Änderung betrifft: Produkte.').waitFor();
    await form.getByRole('button', { name: 'Preise speichern' }).click();
    await page.getByRole('status').filter({ hasText: 'Gespeichert als Version 2.' }).waitFor();

    const after = (await call('GET', '/v1/brand-config', undefined, await admin(brand))).body;
    expect(after.products[0].newPrice).toEqual({ amount: 61_000, currency: 'JPY' });
    await expect.poll(() => overview.getByRole('row').filter({ hasText: phone.sku }).getByRole('cell').nth(3).innerText()).toBe('61.000\u00a0¥');
    await context.close();
  });
});
