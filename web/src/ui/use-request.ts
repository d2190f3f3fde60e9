import { useState } from 'react';
import type { Problem } from '../../../shared/schemas/common';
import { ApiProblem } from '../api';

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
