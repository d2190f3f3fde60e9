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

  async function run(request: () => Promise<void>, onProblem: (problem: Problem) => void = setProblem): Promise<void> {
    setBusy(true);
    setProblem(undefined);
    try {
      await request();
    } catch (error) {
      if (!(error instanceof ApiProblem)) throw error;
      onProblem(error.problem);
    } finally {
      setBusy(false);
    }
  }

  return { busy, problem, setProblem, run };
}

/**
 * {@link useRequest} for a form that changes something, sent with an `Idempotency-Key`: a retry after
 * a lost answer goes under the same key, so it is done once; a refused request, once corrected, is a
 * new one, under a new key. `send` hands the key to the request; a refusal goes to `onProblem` (by default, shown
 * as `problem`).
 */
export function useKeyedRequest() {
  const request = useRequest();
  const [key, setKey] = useState(newIdempotencyKey);

  async function send(call: (idempotencyKey: string) => Promise<void>, onProblem: (problem: Problem) => void = request.setProblem): Promise<void> {
    await request.run(
      () => call(key),
      (refusal) => {
        onProblem(refusal);
        if (refusal.status >= 400) setKey(newIdempotencyKey());
      },
    );
  }

  return { ...request, send };
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
