import type { Problem } from '../../../shared/schemas/common';
import type { CustomerMessages } from './messages';

/**
 * A refusal of the API in the customer page's words, by its kind: the API's title and detail are English, for programs
 * and the logs, and a customer never reads them (until 7 December 2026 the tracking page showed "Conflict …"). A
 * refusal the page knows better (a conflict it reads the take-back again for, a field's message) has words of its own.
 */
export function problemWords(problem: Problem, m: Pick<CustomerMessages, 'problemWords' | 'badLink'>): string {
  // No answer, or one not the platform's (a network's login page): until the staff console's words of 7 December 2026
  // the kit said so for every page; the page's own words now take precedence, so they say it themselves.
  if (problem.status === 0) return m.problemWords.noConnection;
  if (problem.status === 404) return m.badLink;
  if (problem.status === 409) return m.problemWords.changed;
  if (problem.status === 429) return m.problemWords.tooMany;
  if (problem.status >= 400 && problem.status < 500) return m.problemWords.invalid;
  return m.problemWords.failed;
}
