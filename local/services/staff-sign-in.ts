import type { IncomingMessage, ServerResponse } from 'node:http';
import * as z from 'zod/mini';
import { STAFF_ROLES } from '../../shared/http/staff';
import { BrandSlugSchema } from '../../shared/schemas/common';
import { LOCAL_STAFF_TOKEN_PATH, STAFF_SIGN_IN_CONFIG_PATH, type StaffSignInConfig } from '../../shared/schemas/staff-sign-in';
import { readText } from '../sandboxes/sandbox-http';
import { staffToken } from './local-issuer';

/** What the staff console's local sign-in page sends: the brand and the roles to act with. */
export const LocalSignInRequestSchema = z.strictObject({
  brand: BrandSlugSchema,
  roles: z.array(z.enum(STAFF_ROLES)).check(z.minLength(1, 'pick at least one role'), z.maxLength(STAFF_ROLES.length)),
});

/** The body limit of a sign-in: a brand and three roles fit in far less. */
const MAX_BODY_BYTES = 4_096;

function send(response: ServerResponse, status: number, body: unknown, type = 'application/json'): true {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
  response.end(text);
  return true;
}

/**
 * `POST /_local/staff-token` `{brand, roles}` → `{token}`: the local stand-in for the
 * Cognito Hosted UI, signing a staff ID token as `npm run token` does, so the staff console can be
 * used in a browser without a terminal; `GET /staff-sign-in.json` tells the console to use it. The
 * local cloud serves both; the stack never has them (in AWS the console signs in through Cognito
 * with PKCE). Returns true when it answered.
 */
export function serveStaffSignIn(home: string) {
  return async (request: IncomingMessage, response: ServerResponse): Promise<boolean> => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (path === STAFF_SIGN_IN_CONFIG_PATH && request.method === 'GET') {
      return send(response, 200, { kind: 'local', tokenUrl: LOCAL_STAFF_TOKEN_PATH } satisfies StaffSignInConfig);
    }
    if (path !== LOCAL_STAFF_TOKEN_PATH) return false;
    const problem = (status: number, title: string, detail: string, errors?: { in: 'body'; path: PropertyKey[]; message: string }[]) =>
      send(response, status, { type: 'about:blank', title, status, detail, ...(errors ? { errors } : {}) }, 'application/problem+json');
    if (request.method !== 'POST') return problem(405, 'Method Not Allowed', 'Use POST with {"brand", "roles"}.');
    const text = await readText(request, MAX_BODY_BYTES);
    if (text === undefined) return problem(413, 'Content Too Large', `The body must be at most ${MAX_BODY_BYTES} bytes.`);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return problem(400, 'Bad Request', 'The body must be JSON: {"brand": "demo", "roles": ["ops"]}.');
    }
    const parsed = LocalSignInRequestSchema.safeParse(json);
    if (!parsed.success) {
      const errors = parsed.error.issues.map((issue) => ({ in: 'body' as const, path: issue.path, message: issue.message }));
      return problem(400, 'Bad Request', 'The sign-in needs a brand and at least one role.', errors);
    }
    return send(response, 200, { token: await staffToken(home, parsed.data) });
  };
}
