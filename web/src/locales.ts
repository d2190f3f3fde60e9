// The languages of the web app, without React: modules that unit tests import (no JSX there) take them from here.

export const LOCALES = ['de', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/** A page's texts in every locale; the German and English dictionaries have the same keys. */
export type Messages<T> = Record<Locale, T>;
