import type { Problem } from '../../shared/schemas/common';

/**
 * An answer of the API other than success, as its problem document (RFC 9457). A request that
 * never got an answer (offline, connection reset) becomes a problem with status 0.
 */
export class ApiProblem extends Error {
  /**
   * @param fromApi whether the answer was the API's own problem document (`application/problem+json`): not API
   *   Gateway's `{"message": …}` (its throttling 429, a 5xx), a proxy's page, or no answer at all, which never reached
   *   the API's function or whose end is unknown (docs/errors.md).
   */
  constructor(
    readonly problem: Problem,
    readonly fromApi = false,
  ) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiProblem';
  }
}

export interface ApiRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  query?: Record<string, string | undefined>;
  /** The operation's `Idempotency-Key`: the same key for every retry of one intent. */
  idempotencyKey?: string;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /**
   * Whether a successful answer's JSON is the answer the page asked for: the few fields it draws, checked cheaply (the
   * web bundle carries no zod). One that is not is, as a page not JSON, not the platform's answer ({@link notFromPlatform}).
   */
  isAnswer?: (body: unknown) => boolean;
}

/** An API path with its query, e.g. `/v1/take-backs/01J…?token=…`, for links such as the label's. */
export function apiPath(path: string, query: Record<string, string | undefined> = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined) params.set(name, value);
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

/**
 * A 2xx answer that is not the API's: a page that is not JSON (a hotel Wi-Fi's login, a proxy's page), or JSON of
 * another shape than the page asked for. It tells nothing of the request, so it is what no answer is: status 0, worded
 * by every page as a lost connection, with its retry where the page has one. Until 7 December 2026 `callApi` returned
 * any 2xx body unchecked, and the pages stayed on "Wird geladen …", went blank (a TypeError), or took a cancellation
 * answered by such a page as done.
 */
export function notFromPlatform(): ApiProblem {
  return new ApiProblem({ type: 'about:blank', title: 'Not the platform', status: 0, detail: 'The answer was not the API\'s (a login page of the network, or a proxy).' });
}

/** The API's JSON answers are `application/json`, its problems `application/problem+json`. */
const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/** A successful answer of the API: its JSON body typed by the caller, and its headers (e.g. an `ETag`). */
export interface ApiAnswer<T> {
  body: T;
  headers: Headers;
}

/**
 * Calls the API on the page's own origin (`/v1/*`: one origin, no CORS) and answers the JSON
 * body typed by the caller from the contract in `shared/schemas`.
 *
 * @throws ApiProblem with the problem document of a 4xx/5xx answer, or status 0 when no answer came or a 2xx that is
 *   not the API's ({@link notFromPlatform}).
 */
export async function callApi<T>(path: string, request: ApiRequest = {}): Promise<T> {
  return (await callApiAnswer<T>(path, request)).body;
}

/** {@link callApi} with the answer's headers, for a page that must send one back (the brand configuration's `ETag` as `If-Match`). */
export async function callApiAnswer<T>(path: string, request: ApiRequest = {}): Promise<ApiAnswer<T>> {
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json', ...request.headers };
  if (request.body !== undefined) headers['content-type'] = 'application/json';
  if (request.idempotencyKey) headers['idempotency-key'] = request.idempotencyKey;
  let response: Response;
  try {
    response = await fetch(apiPath(path, request.query), {
      method: request.method ?? 'GET',
      headers,
      ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : {}),
      ...(request.signal ? { signal: request.signal } : {}),
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiProblem({ type: 'about:blank', title: 'Network error', status: 0, detail: error instanceof Error ? error.message : undefined });
  }
  const text = await response.text();
  const body: unknown = text ? safeJson(text) : undefined;
  if (!response.ok) {
    const problemJson = (response.headers.get('content-type') ?? '').toLowerCase().startsWith('application/problem+json');
    throw new ApiProblem(isProblem(body) ? body : { type: 'about:blank', title: response.statusText || 'Error', status: response.status }, problemJson && isProblem(body));
  }
  // A body must be the API's JSON, and an empty one (a 204) claims no type; then the page's own check of its fields.
  const type = response.headers.get('content-type') ?? '';
  const fromApi = text === '' ? type === '' || JSON_TYPE.test(type) : JSON_TYPE.test(type) && body !== undefined;
  if (!fromApi || (request.isAnswer && !request.isAnswer(body))) throw notFromPlatform();
  return { body: body as T, headers: response.headers };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isProblem(body: unknown): body is Problem {
  return typeof body === 'object' && body !== null && typeof (body as Problem).title === 'string' && typeof (body as Problem).status === 'number';
}

/**
 * The messages of a problem's `errors` by the field they are about: the issue path joined with
 * dots, e.g. `customer.email` or `payout.iban`. The first message of a field wins.
 */
export function fieldErrors(problem: Problem | undefined): Map<string, string> {
  const byField = new Map<string, string>();
  for (const issue of problem?.errors ?? []) {
    const field = issue.path.join('.');
    if (!byField.has(field)) byField.set(field, issue.message);
  }
  return byField;
}

/**
 * The problem the API would answer (400) for issues a form found itself with the request's schema, each
 * at its path; `messages` gives a field (the path's first segment) the form's own words instead of the
 * schema's.
 */
export function problemOfIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[], messages: ReadonlyMap<string, string> = new Map()): Problem {
  return {
    type: 'about:blank',
    title: 'Invalid request',
    status: 400,
    errors: issues.map((issue) => ({ in: 'body', path: issue.path.map(String), message: messages.get(String(issue.path[0])) ?? issue.message })),
  };
}

/** A fresh key for one intent (a form's submission, an answer), kept across its retries. */
export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}
