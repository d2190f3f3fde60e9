import { commonTopLevelDomains } from './top-level-domains';

/**
 * A customer's name opens every e-mail the brand sends them ("Guten Tag {name},"), from the brand's own sender, and
 * anyone can ask for a take-back for any address. The e-mails escape it, but mail clients draw what looks like a web
 * or e-mail address as a link: "Guten Tag https://evil.example/refund," was a phishing mail in the brand's name, sent
 * to whoever's address a stranger typed. Clients link a host without a scheme when they know its top-level domain, so
 * a name, read as it shows (full-width letters as plain ones, `。` as a dot, no invisible format characters), holds
 * none of: `://`, `www.`, `@`, an IPv4 address (`1.2.3.4/refund`), a host joined by dots whose last label is a common
 * top-level domain (`evil.com`, `(evil.io)`, `evil.example:8080/refund`; the list in `top-level-domains.ts`) that no
 * letter, digit or hyphen continues (`Display.Esprit` is no host), and any dotted host followed by a port or a query
 * (`evil.berlin:8080`, `evil.berlin?refund=1`).
 *
 * Real names keep their dots, apostrophes, hyphens, a "c/o", letters of any script and initials or titles joined to a
 * surname by a dot (`J.Smith`, `H.Meier/K.Schulz`, `St.Anna/Bergmann`, `Abt.Einkauf/EDV`): a surname is rarely a
 * top-level domain. Where it is one, after an initial or a two-letter title (`Dr.de Vries`, `Y.Li`, `W.Hu/L.Ma`), the
 * name is taken if no path, port, query or fragment follows, or the domain is one that is also a name's word (`de`,
 * `da`, `li`, `hu`, …): a one- or two-letter domain of those is not one a stranger can register. A longer word
 * joined by a dot to such a particle (`Maria.de la Cruz`) reads as a host and is refused; with a space after the dot
 * it is taken. A host under a rare
 * top-level domain (`evil.berlin/refund`) is not refused; until the evening of 7 December 2026 any `x.yz/` was,
 * initials before a slash too.
 *
 * @example
 * holdsWebOrEmailAddress("Dr. Anne-Marie O'Neil c/o Müller"); // false
 * holdsWebOrEmailAddress('H.Meier/K.Schulz'); // false
 * holdsWebOrEmailAddress('https://evil.example/refund'); // true
 * holdsWebOrEmailAddress('evil.com'); // true
 */
export function holdsWebOrEmailAddress(name: string): boolean {
  const shown = name.normalize('NFKC').replace(/\p{Cf}/gu, '').replace(/\u3002/g, '.');
  if (SCHEME_WWW_AT.test(shown) || IPV4.test(shown) || HOST_WITH_PORT_OR_QUERY.test(shown)) return true;
  for (const [, labels = '', domain = '', after = ''] of shown.matchAll(HOST())) {
    const afterInitialsOrTitle = /^(?:\p{L}{1,2}\.)+$/u.test(labels);
    if (!afterInitialsOrTitle || (after !== '' && !NAME_WORD_DOMAINS.has(domain.toLowerCase()))) return true;
  }
  return false;
}

const SCHEME_WWW_AT = /:\/\/|www\.|@/iu;
const IPV4 = /(?<![\p{N}.])\d{1,3}(?:\.\d{1,3}){3}(?![\p{N}])/u;
const HOST_WITH_PORT_OR_QUERY = /[\p{L}\p{N}-]\.\p{L}{2,}(?::\d|\?[\p{L}\p{N}])/u;
// Labels joined by dots (not after a letter, digit or hyphen, so the whole host is read), then a common top-level
// domain that no letter, digit or hyphen continues (a space, the end, a bracket or a comma may follow: clients link
// `(evil.io)` too), and whether a path, a port, a query or a fragment begins right after it.
let host: RegExp | undefined;
/** Made on first use (see {@link commonTopLevelDomains}); a global expression: read it with `matchAll`, which copies it. */
const HOST = (): RegExp => (host ??= new RegExp(String.raw`(?<![\p{L}\p{N}-])((?:[\p{L}\p{N}-]+\.)+)(${commonTopLevelDomains()})(?![\p{L}\p{N}-])([/:?#]?)`, 'giu'));
// Top-level domains that are also words of names (particles and surnames): after an initial or a title, a name's.
const NAME_WORD_DOMAINS: ReadonlySet<string> = new Set(['al', 'bo', 'da', 'de', 'do', 'hu', 'la', 'li', 'lu', 'ma', 'mo', 'ng', 'so', 'st']);

/** The API's words at a name that holds a web or e-mail address. */
export const NAME_WITH_ADDRESS_MESSAGE = 'must be a name, without a web or e-mail address';
