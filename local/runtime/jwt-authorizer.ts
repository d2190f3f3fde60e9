import { createLocalJWKSet, errors, jwtVerify, type JSONWebKeySet, type JWTPayload } from 'jose';
import type { ApiAuthorizer } from './http-api';

/** The request parts an identity source can name. */
export interface IdentityRequest {
  headers: Record<string, string | string[] | undefined>;
  query: URLSearchParams;
}

/** What API Gateway puts in `requestContext.authorizer` for a JWT route. */
export interface JwtAuthorizerContext {
  jwt: { claims: Record<string, string>; scopes: string[] | null };
}

/** The authorizer's verdict: the context for the event, or the response API Gateway sends instead of invoking. */
export type JwtVerdict =
  | { allowed: true; context: JwtAuthorizerContext }
  | { allowed: false; statusCode: 401 | 403; message: 'Unauthorized' | 'Forbidden'; wwwAuthenticate?: string };

/** API Gateway verifies RSA signatures only. */
const ALGORITHMS = ['RS256', 'RS384', 'RS512'];

/** A claim as API Gateway hands it to the integration: text, with lists as `[a b]` and maps as `map[k:v]`. */
function renderClaim(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return `[${value.map(renderClaim).join(' ')}]`;
  if (value === null || value === undefined) return '<nil>';
  if (typeof value === 'object') {
    return `map[${Object.entries(value)
      .map(([key, item]) => `${key}:${renderClaim(item)}`)
      .join(' ')}]`;
  }
  return String(value);
}

function tokenScopes(payload: JWTPayload): string[] | null {
  const scopes = payload.scope ?? payload.scp;
  if (typeof scopes === 'string') return scopes.split(' ').filter(Boolean);
  if (Array.isArray(scopes)) return scopes.map(String);
  return null;
}

function identityOf(source: string, request: IdentityRequest): string | undefined {
  const header = /^\$request\.header\.(.+)$/.exec(source)?.[1];
  if (header) {
    const value = request.headers[header.toLowerCase()];
    return Array.isArray(value) ? value[0] : value;
  }
  const query = /^\$request\.querystring\.(.+)$/.exec(source)?.[1];
  return query ? (request.query.get(query) ?? undefined) : undefined;
}

function describeFailure(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'the token has expired';
  if (error instanceof errors.JWTClaimValidationFailed && error.claim === 'nbf') return 'the token is not valid yet';
  if (error instanceof errors.JWTClaimValidationFailed && error.claim === 'exp') return 'the token has no expiration time';
  if (error instanceof errors.JWKSNoMatchingKey) return 'the token was not signed by a key of the issuer';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'the token signature is invalid';
  if (error instanceof errors.JOSEAlgNotAllowed) return 'the token is not signed with an RSA algorithm';
  return 'the token is not a valid JWT';
}

/**
 * Verifies the JWTs of routes with `AuthorizationType: JWT` the way API Gateway's JWT authorizer
 * does, against a given key set instead of the issuer's `jwks_uri`: the token from the identity
 * source (bare or after `Bearer`), an RSA signature by a key of the set, `iss` equal to the
 * configured issuer, `aud` (else `client_id`) among the audiences, `exp` after, `nbf` and `iat`
 * before `now`, and one of the route's scopes if it has any.
 *
 * @example
 * const authorize = createJwtAuthorizer({ jwks: issuer.jwks(), now: () => clock.now() });
 * const verdict = await authorize(authorizer, route.authorizationScopes, { headers, query });
 */
export function createJwtAuthorizer(options: { jwks: JSONWebKeySet | undefined; now: () => number }) {
  const keys = options.jwks && createLocalJWKSet(options.jwks);
  return async (authorizer: ApiAuthorizer, routeScopes: string[], request: IdentityRequest): Promise<JwtVerdict> => {
    const unauthorized = (description?: string): JwtVerdict => ({
      allowed: false,
      statusCode: 401,
      message: 'Unauthorized',
      ...(description
        ? { wwwAuthenticate: `Bearer scope="${routeScopes.join(' ')}" error="invalid_token" error_description="${description}"` }
        : {}),
    });
    const raw = authorizer.identitySource.map((source) => identityOf(source, request)).find((value) => value);
    const token = raw?.replace(/^Bearer\s+/i, '').trim();
    if (!token) return unauthorized();
    if (!keys) return unauthorized('the local cloud was given no keys to verify tokens with');
    const now = options.now();
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        algorithms: ALGORITHMS,
        currentDate: new Date(now),
        requiredClaims: ['exp'],
      }));
    } catch (error) {
      return unauthorized(describeFailure(error));
    }
    if (payload.iss !== authorizer.issuer) return unauthorized('the token does not have a valid issuer');
    const audiences = payload.aud === undefined ? [payload.client_id] : [payload.aud].flat();
    if (!audiences.some((audience) => typeof audience === 'string' && authorizer.audience.includes(audience))) {
      return unauthorized('the token does not have a valid audience');
    }
    if (typeof payload.iat === 'number' && payload.iat * 1000 > now) return unauthorized('the token was issued in the future');
    const scopes = tokenScopes(payload);
    if (routeScopes.length > 0 && !routeScopes.some((scope) => scopes?.includes(scope))) {
      return {
        allowed: false,
        statusCode: 403,
        message: 'Forbidden',
        wwwAuthenticate: `Bearer scope="${routeScopes.join(' ')}" error="insufficient_scope" error_description="the token does not have the required scope"`,
      };
    }
    const claims = Object.fromEntries(Object.entries(payload).map(([name, value]) => [name, renderClaim(value)]));
    return { allowed: true, context: { jwt: { claims, scopes } } };
  };
}
