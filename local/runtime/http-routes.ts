type Segment = { kind: 'literal'; value: string } | { kind: 'parameter'; name: string } | { kind: 'greedy'; name: string };

interface CompiledRoute<T> {
  routeKey: string;
  method: string;
  segments: Segment[];
  target: T;
}

/** A request matched to a route: the route's target and its decoded path parameters. */
export interface RouteMatch<T> {
  routeKey: string;
  target: T;
  pathParameters: Record<string, string>;
}

// API Gateway prefers literal segments over {parameters} over {greedy+} parameters.
const SEGMENT_RANK = { literal: 0, parameter: 1, greedy: 2 } as const;

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function compileSegment(segment: string): Segment {
  const parameter = /^\{([^{}]+?)(\+?)\}$/.exec(segment);
  if (!parameter?.[1]) return { kind: 'literal', value: segment };
  return parameter[2] ? { kind: 'greedy', name: parameter[1] } : { kind: 'parameter', name: parameter[1] };
}

function compile<T>(routeKey: string, target: T): CompiledRoute<T> {
  const space = routeKey.indexOf(' ');
  if (space < 1) throw new Error(`route key "${routeKey}" is not "METHOD /path" or $default`);
  const path = routeKey.slice(space + 1).trim();
  if (!path.startsWith('/')) throw new Error(`route key "${routeKey}" has a path that does not start with /`);
  const segments = path === '/' ? [] : path.slice(1).split('/').map(compileSegment);
  const greedyAt = segments.findIndex((segment) => segment.kind === 'greedy');
  if (greedyAt >= 0 && greedyAt !== segments.length - 1) {
    throw new Error(`route key "${routeKey}" has a greedy parameter before its last segment`);
  }
  return { routeKey, method: routeKey.slice(0, space).toUpperCase(), segments, target };
}

function matchSegments(segments: Segment[], parts: string[]): Record<string, string> | undefined {
  const parameters: Record<string, string> = {};
  for (const [index, segment] of segments.entries()) {
    if (segment.kind === 'greedy') {
      const rest = parts.slice(index);
      if (rest.length === 0 || rest.every((part) => part === '')) return undefined;
      parameters[segment.name] = decode(rest.join('/'));
      return parameters;
    }
    const part = parts[index];
    if (part === undefined) return undefined;
    if (segment.kind === 'literal') {
      if (decode(part) !== segment.value) return undefined;
    } else {
      if (part === '') return undefined;
      parameters[segment.name] = decode(part);
    }
  }
  return parts.length === segments.length ? parameters : undefined;
}

function compareSpecificity<T>(left: CompiledRoute<T>, right: CompiledRoute<T>): number {
  const length = Math.max(left.segments.length, right.segments.length);
  for (let index = 0; index < length; index++) {
    const leftSegment = left.segments[index];
    const rightSegment = right.segments[index];
    const leftRank = leftSegment ? SEGMENT_RANK[leftSegment.kind] : -1;
    const rightRank = rightSegment ? SEGMENT_RANK[rightSegment.kind] : -1;
    if (leftRank !== rightRank) return leftRank - rightRank;
  }
  return Number(left.method === 'ANY') - Number(right.method === 'ANY');
}

/**
 * The routes of an HTTP API, matched the way API Gateway selects a route: the most specific
 * path wins (literal over `{param}` over `{proxy+}`), a named method over `ANY`, and `$default`
 * catches what nothing else matches.
 *
 * @example
 * const table = new RouteTable([{ routeKey: 'GET /v1/brands/{brand}/catalog', target: 'CatalogFn' }]);
 * table.match('GET', '/v1/brands/acme/catalog'); // { routeKey, target: 'CatalogFn', pathParameters: { brand: 'acme' } }
 */
export class RouteTable<T> {
  private readonly routes: CompiledRoute<T>[];
  private readonly fallback: { routeKey: string; target: T } | undefined;

  constructor(routes: { routeKey: string; target: T }[]) {
    this.fallback = routes.find((route) => route.routeKey === '$default');
    this.routes = routes.filter((route) => route.routeKey !== '$default').map((route) => compile(route.routeKey, route.target));
  }

  /** The route for a request, given its method and raw (still percent-encoded) path. */
  match(method: string, rawPath: string): RouteMatch<T> | undefined {
    const parts = rawPath === '/' ? [] : rawPath.replace(/^\//, '').split('/');
    const candidates = this.routes
      .filter((route) => route.method === 'ANY' || route.method === method.toUpperCase())
      .map((route) => ({ route, pathParameters: matchSegments(route.segments, parts) }))
      .filter((candidate): candidate is { route: CompiledRoute<T>; pathParameters: Record<string, string> } =>
        Boolean(candidate.pathParameters),
      )
      .sort((left, right) => compareSpecificity(left.route, right.route));
    const best = candidates[0];
    if (best) return { routeKey: best.route.routeKey, target: best.route.target, pathParameters: best.pathParameters };
    return this.fallback ? { ...this.fallback, pathParameters: {} } : undefined;
  }
}
