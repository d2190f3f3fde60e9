import * as z from 'zod/mini';
import { schema } from './common';

/**
 * `GET /staff-sign-in.json`: how the staff console and the dashboard sign a person in. In AWS the
 * stack writes it beside the web app (the Cognito Hosted UI with PKCE); the local cloud answers it
 * itself (the local issuer's sign-in page).
 */
export const StaffSignInConfigSchema = /* @__PURE__ */ schema(() => z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('cognito'), hostedUiUrl: z.url({ protocol: /^https$/ }), clientId: z.string().check(z.minLength(1)) }),
  z.object({ kind: z.literal('local'), tokenUrl: z.string().check(z.startsWith('/')) }),
]));
export type StaffSignInConfig = z.infer<typeof StaffSignInConfigSchema>;

export const STAFF_SIGN_IN_CONFIG_PATH = '/staff-sign-in.json';
export const LOCAL_STAFF_TOKEN_PATH = '/_local/staff-token';
