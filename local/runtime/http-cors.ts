import type { CorsConfiguration } from './http-api';

function allowedOrigin(cors: CorsConfiguration, origin: string): string | undefined {
  if (cors.allowOrigins.includes(origin)) return origin;
  if (cors.allowOrigins.includes('*')) return cors.allowCredentials ? origin : '*';
  return undefined;
}

/**
 * The answer API Gateway gives a CORS preflight by itself when the API has a CORS configuration:
 * `undefined` when the request is not a preflight.
 */
export function preflightHeaders(
  cors: CorsConfiguration,
  method: string,
  headers: Record<string, string | string[] | undefined>,
): Record<string, string> | undefined {
  const origin = headers.origin;
  const requestedMethod = headers['access-control-request-method'];
  if (method !== 'OPTIONS' || typeof origin !== 'string' || typeof requestedMethod !== 'string') return undefined;
  const allowed = allowedOrigin(cors, origin);
  if (!allowed) return {};
  const requested = headers['access-control-request-headers'];
  const requestedHeaders = typeof requested === 'string' ? requested : '';
  const answer: Record<string, string> = {
    'access-control-allow-origin': allowed,
    'access-control-allow-methods': cors.allowMethods.includes('*') ? requestedMethod : cors.allowMethods.join(','),
    'access-control-allow-headers': cors.allowHeaders.includes('*') ? requestedHeaders : cors.allowHeaders.join(','),
  };
  if (cors.allowCredentials) answer['access-control-allow-credentials'] = 'true';
  if (cors.maxAge !== undefined) answer['access-control-max-age'] = String(cors.maxAge);
  return answer;
}

/**
 * Applies the API's CORS configuration to a response: API Gateway replaces whatever CORS headers
 * the integration returned with its own.
 */
export function applyCors(
  cors: CorsConfiguration,
  origin: string | undefined,
  headers: Record<string, string>,
): Record<string, string> {
  const result = Object.fromEntries(Object.entries(headers).filter(([name]) => !name.startsWith('access-control-')));
  const allowed = origin === undefined ? undefined : allowedOrigin(cors, origin);
  if (!allowed) return result;
  result['access-control-allow-origin'] = allowed;
  if (cors.allowCredentials) result['access-control-allow-credentials'] = 'true';
  if (cors.exposeHeaders.length > 0) result['access-control-expose-headers'] = cors.exposeHeaders.join(',');
  if (allowed !== '*') result.vary = result.vary ? `${result.vary},Origin` : 'Origin';
  return result;
}
