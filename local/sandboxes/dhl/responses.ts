import type { ServerResponse } from 'node:http';

const TITLES: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
  405: 'Method Not Allowed',
  413: 'Content Too Large',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** DHL's `JSONStatus` allows a detail of at most 80 characters. */
const MAX_DETAIL_LENGTH = 80;

/**
 * Answers with an RFC 9457 problem document shaped like DHL's `JSONStatus` (`type`, `title`,
 * `status`, `detail`), which has no further members: a field in error is named in the detail.
 */
export function sendProblem(response: ServerResponse, status: number, detail: string, headers: Record<string, string> = {}): void {
  const body = JSON.stringify({
    type: 'about:blank',
    title: TITLES[status] ?? 'Error',
    status,
    detail: detail.slice(0, MAX_DETAIL_LENGTH),
  });
  response.writeHead(status, { ...headers, 'Content-Type': 'application/problem+json' }).end(body);
}

export { sendJson } from '../sandbox-http';
