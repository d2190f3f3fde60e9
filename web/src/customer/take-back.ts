import { useCallback, useEffect, useState } from 'react';
import type { TakeBackStatus } from '../../../shared/schemas/take-back';
import { ApiProblem, apiPath, callApi } from '../api';
import type { Locale } from '../i18n';
import { isTakeBackStatus } from './answers';
import type { Loadable } from './brand';

/**
 * A take-back as its customer sees it, read again every `pollMs` while `until` is false (e.g.
 * until the label exists); `reload` reads it at once.
 */
export function useTakeBack(id: string, token: string | undefined, options: { pollMs?: number; until?: (status: TakeBackStatus) => boolean } = {}) {
  const [status, setStatus] = useState<Loadable<TakeBackStatus>>({ state: 'loading' });
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  const { pollMs, until } = options;
  useEffect(() => {
    if (!token) return;
    const abort = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const read = () =>
      callApi<TakeBackStatus>(`/v1/take-backs/${encodeURIComponent(id)}`, { query: { token }, signal: abort.signal, isAnswer: isTakeBackStatus }).then(
        (value) => {
          setStatus({ state: 'ready', value });
          if (pollMs && until && !until(value)) timer = setTimeout(read, pollMs);
        },
        (error: unknown) => {
          if (error instanceof ApiProblem) setStatus({ state: 'failed', problem: error.problem });
        },
      );
    void read();
    return () => {
      abort.abort();
      clearTimeout(timer);
    };
  }, [id, token, pollMs, until, generation]);
  return { status, reload };
}

/** The page of a take-back in the page's language, as the e-mails link it: `/track/{id}?token=&lang=`. */
export function trackingPath(id: string, token: string, locale: Locale): string {
  return apiPath(`/track/${encodeURIComponent(id)}`, { token, lang: locale });
}
