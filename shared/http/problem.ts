import type { APIGatewayProxyResultV2 } from 'aws-lambda';
import { DomainError, ValidationError, UnprocessableError } from '../domain/errors';
import type { Problem } from '../schemas/common';

const PROBLEM_TYPE_BASE = 'https://kreislauf.dev/problems/';
/**
 * The most errors a problem lists. A body of many thousand unknown keys was answered with an error for each, ten
 * times its own size: past 6 MB Lambda refused the answer and the client got a 500 for its input.
 */
const MAX_LISTED_ERRORS = 100;

/** The problem document a failed request is answered with (RFC 9457). */
export function problemFor(error: unknown): Problem {
  if (error instanceof DomainError) {
    const problem: Problem = {
      type: PROBLEM_TYPE_BASE + slug(error.title),
      title: error.title,
      status: error.status,
      detail: error.message,
      ...error.extensions,
    };
    if ((error instanceof ValidationError || error instanceof UnprocessableError) && error.issues.length > 0) {
      const seen = new Set<string>();
      const errors = error.issues
        .map((issue) => ({ in: issue.in ?? 'body', path: issue.path, message: issue.message }))
        .filter((issue) => !seen.has(JSON.stringify(issue)) && seen.add(JSON.stringify(issue)));
      problem.errors = errors.slice(0, MAX_LISTED_ERRORS);
      if (errors.length > MAX_LISTED_ERRORS) problem.detail += ` The first ${MAX_LISTED_ERRORS} of its ${errors.length} errors are listed.`;
    }
    return problem;
  }
  return {
    type: PROBLEM_TYPE_BASE + 'internal-error',
    title: 'Internal error',
    status: 500,
    detail: 'Something went wrong on our side. The request was not completed; it is safe to retry.',
  };
}

export function problemResponse(problem: Problem): APIGatewayProxyResultV2 {
  return {
    statusCode: problem.status,
    headers: {
      'content-type': 'application/problem+json',
      'cache-control': 'no-store',
      ...(problem.retryAfter !== undefined ? { 'retry-after': String(problem.retryAfter) } : {}),
    },
    body: JSON.stringify(problem),
  };
}

function slug(title: string): string {
  return title.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}
