import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';

import { majorUnits } from '../../shared/domain/money';
import { LOCALES, type Locale, type Messages } from './locales';

export { LOCALES, type Locale, type Messages };

const STORAGE_KEY = 'kreislauf.locale';

interface LocaleState {
  locale: Locale;
  /** True once the visitor picked a language; a brand's default then no longer overrides it. */
  chosen: boolean;
  setLocale(locale: Locale): void;
  /** The language a page opens in when the visitor chose none, e.g. the brand's. */
  setDefault(locale: Locale): void;
}

const LocaleContext = createContext<LocaleState | undefined>(undefined);

function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

function storedChoice(): Locale | undefined {
  const fromUrl = new URLSearchParams(location.search).get('lang');
  if (isLocale(fromUrl)) return fromUrl;
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    return isLocale(stored) ? stored : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The language of the page: the visitor's choice (`?lang=` or the switch, remembered in this
 * browser; the switch also rewrites an address's `?lang=`), else the default a page sets (a brand's
 * locale), else the browser's language.
 */
export function LocaleProvider({ children }: { children: ReactNode }) {
  const [choice, setChoice] = useState<Locale | undefined>(storedChoice);
  const [fallback, setFallback] = useState<Locale>(() => (navigator.language.toLowerCase().startsWith('de') ? 'de' : 'en'));
  const locale = choice ?? fallback;
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  const setLocale = useCallback((next: Locale) => {
    setChoice(next);
    // An address that names a language (an e-mail's link) would name it again on a reload and undo the choice made on
    // the page: the address is changed to the one chosen, in place (no new history entry).
    const url = new URL(location.href);
    if (url.searchParams.has('lang')) {
      url.searchParams.set('lang', next);
      history.replaceState(history.state, '', url);
    }
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Private browsing may refuse storage; the choice then lasts for this page.
    }
  }, []);
  const state = useMemo(() => ({ locale, chosen: choice !== undefined, setLocale, setDefault: setFallback }), [locale, choice, setLocale]);
  return <LocaleContext.Provider value={state}>{children}</LocaleContext.Provider>;
}

export function useLocale(): LocaleState {
  const state = useContext(LocaleContext);
  if (!state) throw new Error('useLocale needs a LocaleProvider');
  return state;
}

/** The dictionary of the page's current language. */
export function useMessages<T>(messages: Messages<T>): T {
  return messages[useLocale().locale];
}

/** Money in minor units as the locale writes it, with the currency's own decimals, e.g. `123,00 €` or `22.170 ¥`. */
export function formatMoney(amount: number, currency: string, locale: Locale): string {
  return new Intl.NumberFormat(locale === 'de' ? 'de-DE' : 'en-GB', { style: 'currency', currency }).format(majorUnits(amount, currency));
}

/**
 * A day as the locale writes it. A deadline ends at midnight in the brand's time zone: pass that zone, so that a
 * customer elsewhere (Athens, for a brand in Berlin) reads the brand's day, not the next one.
 */
export function formatDate(iso: string, locale: Locale, timeZone?: string): string {
  return new Intl.DateTimeFormat(locale === 'de' ? 'de-DE' : 'en-GB', { dateStyle: 'long', ...(timeZone ? { timeZone } : {}) }).format(new Date(iso));
}

/** A share (0.6) as the locale writes it as a percentage, e.g. `60 %` or `60%`. */
export function formatPercent(share: number, locale: Locale): string {
  return new Intl.NumberFormat(locale === 'de' ? 'de-DE' : 'en-GB', { style: 'percent', maximumFractionDigits: 1 }).format(share);
}

export function formatDateTime(iso: string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale === 'de' ? 'de-DE' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}
