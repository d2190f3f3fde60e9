import { useCallback, useEffect, useState } from 'react';
import type { CatalogResponse } from '../../../shared/schemas/take-back';
import { ApiProblem, callApi } from '../api';
import { useLocale } from '../i18n';
import { applyTheme } from '../ui/theme';
import { isCatalog } from './answers';
import type { Problem } from '../../../shared/schemas/common';

export type Loadable<T> = { state: 'loading' } | { state: 'failed'; problem: Problem } | { state: 'ready'; value: T };

/**
 * The brand's catalog: products, questions and payout methods, and its name, theme and language; `reload` asks for it
 * again (after a lost connection, or an answer not the platform's).
 */
export function useCatalog(brand: string | undefined): Loadable<CatalogResponse> & { reload(): void } {
  const [catalog, setCatalog] = useState<Loadable<CatalogResponse>>({ state: 'loading' });
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  const { setDefault } = useLocale();
  useEffect(() => {
    if (!brand) return;
    const abort = new AbortController();
    setCatalog({ state: 'loading' });
    callApi<CatalogResponse>(`/v1/brands/${encodeURIComponent(brand)}/catalog`, { signal: abort.signal, isAnswer: isCatalog }).then(
      (value) => {
        applyTheme({ name: value.name, ...value.theme });
        setDefault(value.locale);
        setCatalog({ state: 'ready', value });
      },
      (error: unknown) => {
        if (error instanceof ApiProblem) setCatalog({ state: 'failed', problem: error.problem });
      },
    );
    return () => abort.abort();
  }, [brand, setDefault, generation]);
  return { ...catalog, reload };
}

export function brandTheme(catalog: Loadable<CatalogResponse>) {
  return catalog.state === 'ready' ? { name: catalog.value.name, ...catalog.value.theme } : undefined;
}
