/**
 * The web app's pages by path: each is one Vite entry point (its own HTML file and scripts), so
 * the staff console and the dashboard never weigh on the customer pages. The local cloud and the
 * CloudFront viewer-request function answer a path with the page that owns it (SPA fallback).
 */
export const WEB_PAGES = [
  { entry: 'customer', prefixes: ['/trade-in/', '/track/'] },
  { entry: 'staff', prefixes: ['/staff'] },
  { entry: 'dashboard', prefixes: ['/dashboard'] },
] as const;

export type WebEntry = (typeof WEB_PAGES)[number]['entry'];

/** Where `GET /` sends a visitor: the demo brand's trade-in form. */
export const LANDING_PATH = '/trade-in/demo';

/**
 * The HTML file that serves a page path, e.g. `/track/01J…` → `customer.html`; undefined for a
 * path no page owns. `/staff` and `/staff/…` both belong to the staff console, `/staffroom` does not.
 */
export function pageFileFor(path: string): string | undefined {
  for (const page of WEB_PAGES) {
    for (const prefix of page.prefixes) {
      const owns = prefix.endsWith('/') ? path.startsWith(prefix) : path === prefix || path.startsWith(`${prefix}/`);
      if (owns) return `${page.entry}.html`;
    }
  }
  return undefined;
}
