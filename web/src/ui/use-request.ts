import { useEffect, useRef, useState } from 'react';
import type { Problem } from '../../../shared/schemas/common';
import { ApiProblem, newIdempotencyKey } from '../api';

/**
 * A request a person sets off from a page: `busy` while it runs, and the problem document the API
 * answered, if it refused. `run` clears the last problem first; an API problem goes to `onProblem`
 * (by default, shown as `problem`); any other error is thrown on, to the page's error boundary.
 */
export function useRequest() {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem>();

  async function run(request: () => Promise<void>, onProblem: (problem: Problem, error: ApiProblem) => void = setProblem): Promise<void> {
    setBusy(true);
    setProblem(undefined);
    try {
      await request();
    } catch (error) {
      if (!(error instanceof ApiProblem)) throw error;
      onProblem(error.problem, error);
    } finally {
      setBusy(false);
    }
  }

  return { busy, problem, setProblem, run };
}

/**
 * {@link useRequest} for a form that changes something, sent with an `Idempotency-Key`. A request whose end is unknown
 * ({@link outcomeUnknown}: no answer, a 5xx, 408, 429, the first request still running, an answer not the API's) may
 * have been done: the next `send` (the "Erneut versuchen" of its message, or the form sent again) sends that same
 * request again, with its key and its body as they were, so it is done once and answers as the first did. A definite
 * answer (2xx, or the API's refusal with a 4xx) ends the intent: the next `send` is a new one, under a new key, with the
 * form's entries as they are then. Until 7 December 2026 a 5xx renewed the key too, and a retry of a save whose answer
 * API Gateway had lost (504) was told 412 ("saved by someone else") or 409 about the person's own save. `send` hands
 * the key to the request; a refusal goes to `onProblem` (by default, shown as `problem`).
 */
export function useKeyedRequest() {
  const request = useRequest();
  const [key, setKey] = useState(newIdempotencyKey);
  // The request whose answer is unknown, sent again as it was until it gets a definite one.
  const unsettled = useRef<((idempotencyKey: string) => Promise<void>) | undefined>(undefined);

  async function send(call: (idempotencyKey: string) => Promise<void>, onProblem: (problem: Problem) => void = request.setProblem): Promise<void> {
    const sent = unsettled.current ?? call;
    const settled = () => {
      unsettled.current = undefined;
      setKey(newIdempotencyKey());
    };
    await request.run(
      async () => {
        await sent(key);
        settled();
      },
      (problem, error) => {
        if (outcomeUnknown(error)) unsettled.current = sent;
        else settled();
        onProblem(problem);
      },
    );
  }

  return { ...request, send };
}

/**
 * Whether a failed request may still have been done: anything but the API's own refusal (4xx), and of those a 408, a
 * 429 and the 409 of a first request with the same key still running, which all ask to send the same request again.
 */
export function outcomeUnknown(error: ApiProblem): boolean {
  const { status, type } = error.problem;
  if (!error.fromApi || status < 400 || status >= 500) return true;
  return status === 408 || status === 429 || (status === 409 && type.endsWith('/request-in-progress'));
}

/**
 * A list the API answers page by page with an opaque cursor: the first page once the page is
 * mounted (a page mounted anew for other filters reads again), then `more` appends the next, while
 * there is one. `fetchPage` gets the cursor (none for the first page) and answers the page's items
 * and the next cursor. `retry` reads the page that failed again.
 */
export function useCursorPages<T>(fetchPage: (cursor: string | undefined) => Promise<{ items: T[]; cursor: string | undefined }>) {
  const [items, setItems] = useState<T[]>();
  const [cursor, setCursor] = useState<string>();
  const { busy, problem, run } = useRequest();
  const last = useRef<string | undefined>(undefined);

  const load = (after?: string) =>
    run(async () => {
      last.current = after;
      const page = await fetchPage(after);
      setItems((current) => [...(after ? (current ?? []) : []), ...page.items]);
      setCursor(page.cursor);
    });

  useEffect(() => {
    void load();
    // One first page per mount.
  }, []);

  return { items, busy, problem, more: cursor ? () => void load(cursor) : undefined, retry: () => void load(last.current) };
}
