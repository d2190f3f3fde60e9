/**
 * A customer's name opens every e-mail the brand sends them ("Guten Tag {name},"), from the brand's own sender, and
 * anyone can ask for a take-back for any address. The e-mails escape it, but mail clients draw what looks like a web
 * or e-mail address as a link: "Guten Tag https://evil.example/refund," was a phishing mail in the brand's name, sent
 * to whoever's address a stranger typed. So a name holds none: no `://`, no `www.`, no `@`, and no host with a path
 * (`evil.example/refund`, which clients link without a scheme). A host alone (`evil.example`) is not refused: it is
 * written as initials are (`J.Smith`), and no short rule tells them apart.
 *
 * Real names keep their dots, apostrophes, hyphens, a "c/o" and letters of any script.
 *
 * @example
 * holdsWebOrEmailAddress("Dr. Anne-Marie O'Neil c/o Müller"); // false
 * holdsWebOrEmailAddress('https://evil.example/refund'); // true
 */
export function holdsWebOrEmailAddress(name: string): boolean {
  return WEB_OR_EMAIL_ADDRESS.test(name);
}

// A label of a host, a dot, a top-level domain of letters, and a slash: where a path begins.
const WEB_OR_EMAIL_ADDRESS = /:\/\/|www\.|@|[\p{L}\p{N}-]\.\p{L}{2,}\//iu;

/** The API's words at a name that holds a web or e-mail address. */
export const NAME_WITH_ADDRESS_MESSAGE = 'must be a name, without a web or e-mail address';
