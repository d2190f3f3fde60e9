import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { LANDING_PATH, pageFileFor } from '../../web/pages';

const TYPES: ReadonlyMap<string, string> = new Map([
  ['.html', 'text/html; charset=utf-8'],
  ['.js', 'text/javascript; charset=utf-8'],
  ['.css', 'text/css; charset=utf-8'],
  ['.svg', 'image/svg+xml'],
  ['.png', 'image/png'],
  ['.ico', 'image/x-icon'],
  ['.json', 'application/json'],
  ['.woff2', 'font/woff2'],
  // The staff console's barcode decoder; browsers compile it while it streams only with this type.
  ['.wasm', 'application/wasm'],
]);

/** Paths the API and the local pages own; the web app never answers them. */
const NOT_WEB = ['/v1/', '/_local/', '/health'];

async function fileAt(path: string): Promise<{ size: number } | undefined> {
  try {
    const info = await stat(path);
    return info.isFile() ? { size: info.size } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Serves the built web app (`web/dist`) beside the API on the same origin, as CloudFront does in
 * AWS: `GET /` redirects to the demo brand's trade-in page, a file of the build is sent as it is
 * (hashed assets cached for a year), and a page path (`/trade-in/…`, `/track/…`, `/staff/…`,
 * `/dashboard/…`) gets its page's HTML, whose script then draws the page. Everything else, `/v1/*`
 * first, is left to the API. Returns true when it answered.
 */
export function serveWebApp(options: { directory: string }) {
  const root = normalize(options.directory);
  return async (request: IncomingMessage, response: ServerResponse): Promise<boolean> => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return false;
    // The page is chosen on the path as sent, as CloudFront's function does: a page path the browser cannot decode
    // (`/trade-in/%`) is still its page's, which says there is no such page; only a file of the build is looked up by
    // its decoded name, and a path that does not decode names none.
    const sent = new URL(request.url ?? '/', 'http://localhost').pathname;
    let path: string | undefined;
    try {
      path = decodeURIComponent(sent);
    } catch {
      path = undefined;
    }
    const isApi = (candidate: string) => NOT_WEB.some((prefix) => candidate === prefix.replace(/\/$/, '') || candidate.startsWith(prefix));
    if (isApi(sent) || (path !== undefined && isApi(path))) return false;
    if (sent === '/') {
      response.writeHead(302, { location: LANDING_PATH, 'content-length': 0 });
      response.end();
      return true;
    }
    const asFile = path === undefined || path.split('/').some((part) => part.startsWith('.')) ? undefined : normalize(join(root, path));
    const isOwnFile = asFile !== undefined && asFile.startsWith(`${root}${sep}`);
    const page = pageFileFor(sent);
    const file = isOwnFile && (await fileAt(asFile)) ? asFile : page ? join(root, page) : undefined;
    const found = file && (await fileAt(file));
    if (!file || !found) return false;
    const immutable = file.startsWith(join(root, 'assets') + sep);
    response.writeHead(200, {
      'content-type': TYPES.get(extname(file)) ?? 'application/octet-stream',
      'content-length': found.size,
      'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      'x-content-type-options': 'nosniff',
    });
    if (request.method === 'HEAD') {
      response.end();
      return true;
    }
    await new Promise<void>((resolve, reject) => {
      createReadStream(file).on('error', reject).pipe(response).on('finish', resolve).on('error', reject);
    });
    return true;
  };
}
