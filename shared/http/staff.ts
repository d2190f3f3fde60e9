import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { DomainError } from '../domain/errors';

export const STAFF_ROLES = ['ops', 'analyst', 'admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** The member of a brand's staff who makes the request, from the verified token's claims. */
export interface Staff {
  subject: string;
  brand: string;
  roles: StaffRole[];
  /** The token's `email` claim, which a Cognito ID token carries: what the staff directory shows for `subject`. */
  email?: string;
}

/** No usable identity on the request (401). */
export class UnauthenticatedError extends DomainError {
  override readonly name = 'UnauthenticatedError';
  readonly status = 401;
  readonly title = 'Unauthenticated';
}

/** The identity may not do this (403). */
export class ForbiddenError extends DomainError {
  override readonly name = 'ForbiddenError';
  readonly status = 403;
  readonly title = 'Forbidden';
}

/**
 * The staff member of a request that passed the API's JWT authorizer. API Gateway hands list
 * claims over as a string like `[ops admin]`, or as an array: both are read.
 *
 * @example
 * const staff = staffOf(event, ['ops', 'admin']); // throws 401/403 otherwise
 */
export function staffOf(event: APIGatewayProxyEventV2, allowed: readonly StaffRole[]): Staff {
  const claims = (event.requestContext as { authorizer?: { jwt?: { claims?: Record<string, unknown> } } }).authorizer?.jwt?.claims;
  const brand = claims?.['custom:brand'];
  const subject = claims?.sub;
  if (typeof brand !== 'string' || brand === '' || typeof subject !== 'string') {
    throw new UnauthenticatedError('A staff token with a brand is required.');
  }
  const roles = groupsOf(claims?.['cognito:groups']).filter((g): g is StaffRole => (STAFF_ROLES as readonly string[]).includes(g));
  if (!roles.some((role) => allowed.includes(role))) {
    throw new ForbiddenError(`This needs one of the roles ${allowed.join(', ')}.`);
  }
  const email = claims?.email;
  return { subject, brand, roles, ...(typeof email === 'string' && email !== '' ? { email } : {}) };
}

function groupsOf(claim: unknown): string[] {
  if (Array.isArray(claim)) return claim.map(String);
  if (typeof claim === 'string') return claim.replace(/^\[|\]$/g, '').split(/[\s,]+/).filter(Boolean);
  return [];
}
