import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect, inject } from 'vitest';
import { PROJECT_ROOT } from '../../infra/function-bundles';

/** The phone and desktop widths every page is screenshotted and scanned at. */
export const WIDTHS = [360, 1280] as const;
export const SCREENSHOTS = join(PROJECT_ROOT, 'test-results', 'screenshots');

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
// Run in the page, as text: the tests are type-checked without the DOM's types. axe's `resultTypes` keeps every
// element of the violations and one of each other kind of result, which nothing reads (docs/test-suite.md: about 5 %
// of the browser project's CPU; the findings are the same, tests/browser/pages.test.ts).
const AXE_RUN = `axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] }).then((result) =>
  result.violations.map((violation) => ({ id: violation.id, impact: violation.impact, targets: violation.nodes.map((node) => node.target.join(' ')) })))`;
const OVERFLOW = 'document.documentElement.scrollWidth - document.documentElement.clientWidth';

let browser: Browser | undefined;

/** The run's one Chromium (started by the global setup), connected once per test file. */
export async function theBrowser(): Promise<Browser> {
  browser ??= await chromium.connect(inject('browserWsEndpoint'));
  return browser;
}

export async function disconnect(): Promise<void> {
  await browser?.close();
  browser = undefined;
}

/** A fresh browser context (no cookies, no storage) at a width, German unless told, with downloads allowed. */
export async function newPage(options: { width?: number; locale?: 'de-DE' | 'en-GB'; timezoneId?: string } = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await (await theBrowser()).newContext({
    baseURL: inject('webUrl'),
    viewport: { width: options.width ?? 1280, height: 900 },
    locale: options.locale ?? 'de-DE',
    ...(options.timezoneId ? { timezoneId: options.timezoneId } : {}),
    acceptDownloads: true,
  });
  context.setDefaultTimeout(20_000);
  return { context, page: await context.newPage() };
}

/**
 * Scans the page with axe-core (WCAG 2.0/2.1 A and AA rules) and fails on any serious or critical
 * finding, naming the rule and the elements.
 */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  // Once per document: loading axe-core's 560 KB takes the page longer than a scan (about 160 ms against 100 ms).
  if ((await page.evaluate("typeof axe === 'undefined'")) === true) await page.addScriptTag({ path: AXE });
  const violations = (await page.evaluate(AXE_RUN)) as { id: string; impact: string; targets: string[] }[];
  const serious = violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
  expect(serious, `axe findings on ${name}`).toEqual([]);
}

/**
 * Writes full-page screenshots of the page at 360 px and 1280 px to `test-results/screenshots/`
 * (artifacts of the run), and checks each width for a serious accessibility finding and for
 * content wider than the screen (a layout break). Leaves the page at the width it had.
 */
export async function screenshotsAndScan(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const original = page.viewportSize() ?? { width: 1280, height: 900 };
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    const overflow = Number(await page.evaluate(OVERFLOW));
    expect(overflow, `${name} is wider than ${width} px`).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(SCREENSHOTS, `${name}-${width}.png`), fullPage: true, animations: 'disabled' });
    await expectAccessible(page, `${name} at ${width} px`);
  }
  await page.setViewportSize(original);
}
