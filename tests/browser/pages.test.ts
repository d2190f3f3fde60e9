import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page, Route } from 'playwright-core';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { WEB_DIST } from '../../infra/web-build';
import { demoBrand } from '../../local/seed/demo-brand';
import { aLabelledTakeBack } from '../e2e/warehouse';
import { disconnect, expectAccessible, newPage } from './support';

/** The JavaScript a customer page loads (its entry script and every module it preloads), gzipped, in bytes. */
function customerScriptBytes(): { files: string[]; gzipped: number } {
  const html = readFileSync(join(WEB_DIST, 'customer.html'), 'utf8');
  const files = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map((match) => match[1]!);
  const gzipped = files.reduce((sum, file) => sum + gzipSync(readFileSync(join(WEB_DIST, file)), { level: 9 }).length, 0);
  return { files, gzipped };
}

// Run in the page (the tests are type-checked without the DOM's types): the focused element's label or text.
const FOCUSED_NAME = `(() => {
  const element = document.activeElement;
  if (!element) return '';
  const label = (element.labels && element.labels[0] && element.labels[0].textContent) || element.getAttribute('aria-label') || element.textContent || '';
  return label.trim();
})()`;

/** Presses Tab until the focused element is the one wanted (at most 15 times), as a keyboard user moves on. */
async function tabTo(page: Page, accessibleName: string): Promise<void> {
  for (let presses = 0; presses < 15; presses++) {
    await page.keyboard.press('Tab');
    const name = String(await page.evaluate(FOCUSED_NAME));
    if (name.startsWith(accessibleName)) return;
  }
  throw new Error(`Tab never reached ${accessibleName}`);
}

describe('the web app on the platform', () => {
  afterAll(disconnect);

  it('redirects / to the demo trade-in form and serves each page its own entry, so the customer pages never load the staff console', async () => {
    const origin = inject('webUrl');
    const landing = await fetch(`${origin}/`, { redirect: 'manual' });
    expect(landing.status).toBe(302);
    expect(landing.headers.get('location')).toBe('/trade-in/demo');
    const html = async (path: string) => {
      const response = await fetch(`${origin}${path}`);
      expect(response.headers.get('content-type')).toContain('text/html');
      return response.text();
    };
    const customer = await html('/trade-in/demo');
    expect(await html('/track/01JQ3W8Z6E5R2T7Y9U1I4O6P8A?token=x')).toBe(customer);
    expect(customer).toMatch(/assets\/customer-[\w-]+\.js/);
    expect(customer).not.toMatch(/staff|dashboard/);
    expect(await html('/staff/')).toMatch(/assets\/staff-[\w-]+\.js/);
    expect(await html('/dashboard/')).toMatch(/assets\/dashboard-[\w-]+\.js/);
    // The API keeps its own paths.
    expect((await fetch(`${origin}/v1/brands/demo/catalog`)).headers.get('content-type')).toContain('application/json');
    expect((await fetch(`${origin}/v1/no-such-route`)).status).toBe(404);
  });

  it("answers a page path with a bad percent-encoding with the app's page, which says in its language that there is no such page", async () => {
    const { context, page } = await newPage({ locale: 'de-DE' });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    for (const path of ['/trade-in/%', '/trade-in/%E0%A4%A', '/track/%?token=abc']) {
      const answer = await page.goto(path);
      expect(answer?.status(), path).toBe(200);
      await page.getByRole('heading', { level: 1, name: 'Diese Seite gibt es nicht.' }).waitFor();
    }
    for (const path of ['/staff/%', '/dashboard/%']) {
      const answer = await page.goto(path);
      expect(answer?.headers()['content-type'], path).toContain('text/html');
      await page.getByRole('heading', { name: 'Anmelden' }).waitFor();
    }
    expect(errors).toEqual([]);
    await context.close();
  });

  it('gives every page its icon, so that no browser asks for a /favicon.ico there is none of', async () => {
    const { context, page } = await newPage();
    const asked: string[] = [];
    page.on('request', (request) => asked.push(new URL(request.url()).pathname));
    for (const path of ['/trade-in/demo', '/staff/', '/dashboard/']) {
      await page.goto(path);
      const href = await page.locator('link[rel="icon"]').getAttribute('href');
      expect(href, path).toMatch(/^\/assets\/favicon-[\w-]+\.svg$/);
      const icon = await fetch(`${inject('webUrl')}${href}`);
      expect(icon.status).toBe(200);
      expect(icon.headers.get('content-type')).toBe('image/svg+xml');
      expect(await icon.text()).toMatch(/^<svg /);
    }
    expect(asked).not.toContain('/favicon.ico');
    await context.close();
  });

  it('keeps the JavaScript of the customer pages within 150 KB gzipped', () => {
    const { files, gzipped } = customerScriptBytes();
    expect(files.length).toBeGreaterThan(0);
    expect(gzipped).toBeLessThanOrEqual(150 * 1024);
  });

  it('lets a customer trade in with the keyboard alone', async () => {
    const jeans = demoBrand.products.find((product) => product.sku === 'DO-JEANS-HARBOUR-32')!;
    const { context, page } = await newPage({ width: 360, locale: 'en-GB' });
    await page.goto('/trade-in/demo?lang=en');
    await page.getByRole('heading', { name: `Trade in with ${demoBrand.config.name}` }).waitFor();
    await tabTo(page, 'Search for a product');
    await page.keyboard.type('harbour');
    await tabTo(page, jeans.name);
    await page.keyboard.press('Space');
    for (const question of demoBrand.questions.filter((candidate) => candidate.category === jeans.category)) {
      // The first option of each of the demo's jeans questions is the one for an unworn pair.
      await tabTo(page, question.options[0]!.label);
      await page.keyboard.press('Space');
    }
    await page.getByTestId('offer').waitFor();
    for (const [label, text] of [
      ['Name', 'Max Mustermann'],
      ['E-mail', 'max.keys@example.org'],
      ['Street', 'Lindenallee'],
      ['House number', '12a'],
      ['City', 'Hamburg'],
      ['Postcode', '20095'],
    ] as const) {
      await tabTo(page, label);
      await page.keyboard.type(text);
    }
    await tabTo(page, 'Country');
    expect(await page.getByLabel('Country').inputValue()).toBe('DE');
    await tabTo(page, 'Register the trade-in');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Thank you! Your trade-in is registered.' }).waitFor();
    // Focus moves to the confirmation, so a screen reader reads it out.
    expect(await page.getByRole('heading', { name: 'Thank you! Your trade-in is registered.' }).evaluate((heading) => heading === heading.ownerDocument.activeElement)).toBe(true);
    await page.getByRole('link', { name: 'Download the label (PDF)' }).waitFor();
    await context.close();
  });

  it('keeps the trade-in form, the tracking page and the staff passport within a 320 px screen for long names the API accepts', async () => {
    // A product name of 160 characters without a space and a return reason of 95 characters, each as the brand's
    // configuration may have it; until 7 December 2026 the tracking page and the passport were 2,808 px wide with it.
    const longName = `Alpenglow${'Daunenjacke'.repeat(15)}`.slice(0, 160);
    const longReason = 'Der Artikel entspricht leider nicht meinen Erwartungen an Farbe, Schnitt, Größe und Materialien';
    expect([longName.length, longReason.length]).toEqual([160, 95]);
    const jacket = demoBrand.products.find((product) => product.sku === 'DO-JKT-ALPENGLOW-M')!;
    const { id, trackingToken } = await aLabelledTakeBack('GOOD');
    const { context, page } = await newPage({ width: 320 });
    const widerThanTheScreen = () => page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth') as Promise<number>;
    const renamed = async (route: Route, change: (body: Record<string, any>) => void) => {
      const response = await route.fetch();
      const body = await response.json();
      change(body);
      await route.fulfill({ response, json: body });
    };
    await page.route('**/v1/brands/demo/catalog', (route) =>
      renamed(route, (catalog) => {
        catalog.products.find((product: { sku: string }) => product.sku === jacket.sku).name = longName;
        catalog.returnReasons[0].label = longReason;
        catalog.returnReasons[1].label = longReason.replaceAll(' ', '');
      }),
    );
    await page.route(`**/v1/take-backs/${id}?token=*`, (route) => renamed(route, (takeBack) => (takeBack.product.name = longName)));
    await page.route(`**/v1/passports/${id}`, (route) => (route.request().method() === 'GET' ? renamed(route, (passport) => (passport.product.name = longName)) : route.continue()));

    try {
      await page.goto('/trade-in/demo');
      await page.getByLabel('Produkt suchen').fill('alpenglow');
      await page.getByRole('radio', { name: longName }).check();
      await page.getByRole('group').nth(1).waitFor();
      for (const reason of [longReason, longReason.replaceAll(' ', '')]) {
        await page.getByLabel(/^Warum geben Sie das Produkt zurück/).selectOption({ label: reason });
        expect.soft(await widerThanTheScreen(), `the trade-in form with ${reason}`).toBeLessThanOrEqual(0);
      }

      await page.goto(`/track/${id}?token=${encodeURIComponent(trackingToken)}`);
      await page.getByRole('heading', { level: 1, name: new RegExp(longName) }).waitFor();
      expect.soft(await widerThanTheScreen(), 'the tracking page').toBeLessThanOrEqual(0);

      await page.goto('/staff/');
      await page.getByLabel('Marke').fill('demo');
      await page.getByRole('button', { name: 'Anmelden' }).click();
      await page.getByRole('heading', { name: 'Wareneingang', level: 1 }).waitFor();
      await page.goto(`/staff/passports/${id}`);
      await page.getByText(longName).first().waitFor();
      expect.soft(await widerThanTheScreen(), 'the staff passport').toBeLessThanOrEqual(0);
    } finally {
      await page.unrouteAll({ behavior: 'ignoreErrors' });
      await context.close();
    }
  });

  it('fails the accessibility scan the pages get on a serious finding, naming the rule and the element, and passes the page mended', async () => {
    const { context, page } = await newPage();
    // A button with no accessible name (axe's button-name, critical) beside an image without a text alternative (image-alt, critical).
    await page.setContent('<html lang="de"><head><title>Probe</title></head><body><main><h1>Probe</h1><button id="unnamed"></button><img id="bare" src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></main></body></html>');
    const failure = await expectAccessible(page, 'the probe').then(() => undefined, (error: { message: string; actual?: unknown }) => error);
    expect(failure?.message).toMatch(/^axe findings on the probe/);
    expect(failure?.actual).toEqual(
      expect.arrayContaining([
        { id: 'button-name', impact: 'critical', targets: ['#unnamed'] },
        { id: 'image-alt', impact: 'critical', targets: ['#bare'] },
      ]),
    );
    await page.setContent('<html lang="de"><head><title>Probe</title></head><body><main><h1>Probe</h1><button id="unnamed">Senden</button><img id="bare" alt="Ein Punkt" src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></main></body></html>');
    await expectAccessible(page, 'the mended probe');
    await context.close();
  });
});
