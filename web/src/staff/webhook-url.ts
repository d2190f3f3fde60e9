import type { Messages } from '../locales';

export const WEBHOOK_URL_WORDS: Messages<{
  empty: string;
  notUrl: string;
  notHttps: string;
  refused: string;
  unreachable: string;
  apiSays: (message: string) => string;
}> = {
  de: {
    empty: 'Bitte geben Sie die Adresse des Endpunkts an.',
    notUrl: 'Das ist keine vollständige Adresse. Bitte geben Sie sie mit https:// an, z. B. https://hooks.marke.example/kreislauf.',
    notHttps: 'Kreislauf sendet nur an https://-Adressen. Bitte geben Sie die Adresse mit https:// an.',
    refused: 'Diese Adresse nimmt Kreislauf nicht an: nötig ist eine öffentliche https://-Adresse ohne Port, Zugangsdaten und Leerzeichen.',
    unreachable: 'Diese Adresse ist nicht erreichbar: Ihr Name lässt sich nicht auflösen, oder er zeigt auf eine Adresse, die nicht im öffentlichen Internet liegt.',
    apiSays: (message) => `Meldung der API (englisch): „${message}“`,
  },
  en: {
    empty: "Please give the endpoint's address.",
    notUrl: 'That is not a complete address. Please give it with https://, e.g. https://hooks.brand.example/kreislauf.',
    notHttps: 'Kreislauf sends to https:// addresses only. Please give the address with https://.',
    refused: 'Kreislauf does not take this address: it needs a public https:// address without a port, credentials or spaces.',
    unreachable: 'This address cannot be reached: its name does not resolve, or it points to an address that is not on the public internet.',
    apiSays: (message) => `The API's message: “${message}”`,
  },
};

type Words = (typeof WEBHOOK_URL_WORDS)['de'];

// Plain HTTP to this machine, which a local cloud lets through for test receivers: the API decides on it.
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * What the subscription form can tell of an endpoint's address itself, in the page's words, before anything is
 * sent: none given, no absolute URL, or a scheme other than https. The rest (a port, a private address, a name that
 * does not resolve) only the API can judge.
 */
export function webhookUrlMistake(text: string, words: Words): string | undefined {
  const typed = text.trim();
  if (typed === '') return words.empty;
  let url: URL;
  try {
    url = new URL(typed);
  } catch {
    return words.notUrl;
  }
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && LOOPBACK.has(url.hostname)) return undefined;
  return url.protocol === 'http:' ? words.notHttps : words.notUrl;
}

/**
 * The API's refusal of an address (`errors` at `url`) in the page's words, the API's English message kept after them,
 * marked as the API's: 422 (its host does not resolve, or not to public addresses) or 400 (its form).
 */
export function webhookUrlRefusal(status: number, apiMessage: string, words: Words): string {
  return `${status === 422 ? words.unreachable : words.refused} ${words.apiSays(apiMessage)}`;
}
