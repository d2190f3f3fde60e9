import { ApiProblem, callApiAnswer, type ApiAnswer, type ApiRequest } from '../api';
import type { StaffSession } from './session';

/**
 * `callApi` with the staff member's token. A 401 means the token expired or was refused: the
 * `onSignedOut` of the page then shows the sign-in again.
 */
export function authorizedApi(session: StaffSession, onSignedOut: () => void) {
  const withToken = (request: ApiRequest = {}): ApiRequest => ({ ...request, headers: { ...request.headers, authorization: `Bearer ${session.token}` } });
  const answer = async <T,>(path: string, request?: ApiRequest): Promise<ApiAnswer<T>> => {
    try {
      return await callApiAnswer<T>(path, withToken(request));
    } catch (error) {
      if (error instanceof ApiProblem && error.problem.status === 401) onSignedOut();
      throw error;
    }
  };
  return {
    async call<T>(path: string, request?: ApiRequest): Promise<T> {
      return (await answer<T>(path, request)).body;
    },
    /** {@link call} with the answer's headers (an `ETag` to send back as `If-Match`). */
    answer,
    /** A file of the API (a CSV, a PDF, a bank file) as a download named `filename`. */
    async download(path: string, accept: string, filename: string): Promise<void> {
      const response = await fetch(path, { headers: { accept, authorization: `Bearer ${session.token}` } });
      if (!response.ok) {
        if (response.status === 401) onSignedOut();
        const problem = await response.json().catch(() => undefined);
        throw new ApiProblem(problem && typeof problem.title === 'string' ? problem : { type: 'about:blank', title: response.statusText || 'Error', status: response.status });
      }
      const url = URL.createObjectURL(await response.blob());
      const link = document.createElement('a');
      link.href = url;
      link.download = filename;
      document.body.append(link);
      link.click();
      link.remove();
      // The click has handed the blob to the download by now.
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    },
  };
}

export type AuthorizedApi = ReturnType<typeof authorizedApi>;
