import { STAFF_ROLES, type StaffRole } from '../../../shared/http/staff';

/** Who is signed in to the staff console or the dashboard, read from the ID token the API checks. */
export interface StaffSession {
  token: string;
  brand: string;
  roles: StaffRole[];
  /** `sub`: what the passports' `by` fields name this person by. */
  subject?: string;
  email?: string;
  /** Milliseconds since the epoch. */
  expiresAt: number;
}

const STORAGE_KEY = 'kreislauf.staff.token';

/**
 * The session an ID token speaks for: brand (`custom:brand`), roles (`cognito:groups`), e-mail and
 * expiry. The signature is the API's to check; the console reads the claims only to show the
 * right pages. Undefined for anything that is not such a token.
 */
export function sessionOf(token: string): StaffSession | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  let claims: unknown;
  try {
    claims = JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(payload.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0))));
  } catch {
    return undefined;
  }
  if (typeof claims !== 'object' || claims === null) return undefined;
  const { 'custom:brand': brand, 'cognito:groups': groups, sub, email, exp } = claims as Record<string, unknown>;
  if (typeof brand !== 'string' || typeof exp !== 'number') return undefined;
  const roles = (Array.isArray(groups) ? groups : []).filter((role): role is StaffRole => (STAFF_ROLES as readonly unknown[]).includes(role));
  return { token, brand, roles, ...(typeof sub === 'string' ? { subject: sub } : {}), ...(typeof email === 'string' ? { email } : {}), expiresAt: exp * 1000 };
}

/** The session kept in this tab, unless it expired. Tab storage: closing the tab signs out. */
export function storedSession(now = Date.now()): StaffSession | undefined {
  let token: string | null = null;
  try {
    token = sessionStorage.getItem(STORAGE_KEY);
  } catch {
    return undefined;
  }
  const session = token ? sessionOf(token) : undefined;
  return session && session.expiresAt > now ? session : undefined;
}

export function keepSession(session: StaffSession): void {
  sessionStorage.setItem(STORAGE_KEY, session.token);
}

export function forgetSession(): void {
  sessionStorage.removeItem(STORAGE_KEY);
}

export function hasRole(session: StaffSession, ...roles: StaffRole[]): boolean {
  return roles.some((role) => session.roles.includes(role));
}
