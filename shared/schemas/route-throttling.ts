import type { RouteContract } from './routes';

/**
 * How many requests per second a route serves (`rateLimit`, the steady rate) and how many it
 * takes at once (`burstLimit`, the bucket size) before API Gateway answers 429. API Gateway counts
 * per route for all callers together, so a limit protects the platform and the brands' label
 * budget, not one caller from another.
 */
export interface RouteThrottle {
  rateLimit: number;
  burstLimit: number;
}

/**
 * The limit of each kind of caller. Customers are anonymous, so their routes are the tightest:
 * a take-back costs a DHL label and sends an e-mail. Shops and partners' webhooks are a brand's own
 * systems, replaying queues after an outage. Staff routes carry a verified token and serve the
 * warehouse's scanners and the consoles.
 */
export const THROTTLE_TIERS = {
  customer: { rateLimit: 10, burstLimit: 20 },
  integration: { rateLimit: 25, burstLimit: 50 },
  staff: { rateLimit: 50, burstLimit: 100 },
} as const satisfies Record<string, RouteThrottle>;

/** The stage's limit for a route without its own, which every route of the contract has. */
export const STAGE_THROTTLE: RouteThrottle = THROTTLE_TIERS.staff;

/** The tier of an operation, from who may call it. */
export function throttleTierOf(route: Pick<RouteContract, 'access'>): keyof typeof THROTTLE_TIERS {
  if (route.access === 'public') return 'customer';
  if (route.access === 'shop' || route.access === 'webhook') return 'integration';
  return 'staff';
}

/** API Gateway's route key of an operation, e.g. `POST /v1/brands/{brand}/take-backs`. */
export function routeKeyOf(route: Pick<RouteContract, 'method' | 'path'>): string {
  return `${route.method} ${route.path}`;
}
