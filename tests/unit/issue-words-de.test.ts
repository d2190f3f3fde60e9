import { describe, expect, it } from 'vitest';
import { demoBrand } from '../../local/seed/demo-brand';
import { issueWords } from '../../shared/http/issue-words';
import { BrandCatalogSchema } from '../../shared/schemas/brand-config';
import { issueInGerman } from '../../web/src/ui/issue-words-de';

/** The messages the configuration's schema writes for `catalog`, as the API sends them. */
const messagesOf = (catalog: unknown) => (BrandCatalogSchema.safeParse(catalog, { error: issueWords }).error?.issues ?? []).map((issue) => issue.message);

describe("the API's words for a refused configuration field, in the German console", () => {
  it('says in German what the schema writes for sizes, types, forms and values', () => {
    const broken = structuredClone(demoBrand) as unknown as { config: Record<string, unknown>; products: Record<string, unknown>[] };
    broken.config.name = 'N'.repeat(101);
    broken.config.quoteValidityDays = 0;
    broken.config.locale = 'fr';
    broken.config.currency = 'euro';
    broken.products[0]!.weightGrams = 1.5;
    delete broken.products[1]!.name;

    expect(messagesOf(broken).map(issueInGerman).sort()).toEqual(
      [
        'fehlt',
        'muss ein ISO-4217-Code sein, z. B. EUR',
        'muss eine ganze Zahl sein',
        'muss einer dieser Werte sein: "de", "en"',
        'muss höchstens 100 Zeichen haben',
        'muss mindestens 1 sein',
      ].sort(),
    );
  });

  it("says the configuration's own checks in German, with what they name", () => {
    expect(issueInGerman("must be EUR, the brand's currency")).toBe('muss EUR sein, die Währung der Marke');
    expect(issueInGerman('has no offer rules: add config.offerRules.tablet')).toBe('hat keine Angebotsregeln: Ergänzen Sie config.offerRules.tablet');
    expect(issueInGerman('must have at least 1 item')).toBe('muss mindestens 1 Eintrag haben');
    expect(issueInGerman('is also the GTIN of DO-PHONE-X2-128')).toBe('ist auch die GTIN von DO-PHONE-X2-128');
  });

  it("says the staff forms' request checks in German: control characters, e-mail address, sizes and the forms' own words", () => {
    expect(issueInGerman('must not contain control characters or line breaks')).toBe('darf keine Steuerzeichen und keine Zeilenumbrüche enthalten');
    expect(issueInGerman('must not contain control characters other than line breaks and tabs')).toBe('darf außer Zeilenumbrüchen und Tabulatoren keine Steuerzeichen enthalten');
    expect(issueInGerman('must be an e-mail address')).toBe('muss eine E-Mail-Adresse sein');
    expect(issueInGerman('must have at least 3 characters')).toBe('muss mindestens 3 Zeichen haben');
    expect(issueInGerman('must have at least 1 item')).toBe('muss mindestens 1 Eintrag haben');
    expect(issueInGerman('must be an ISO 8601 date')).toBe('muss ein Datum nach ISO 8601 sein (JJJJ-MM-TT)');
    expect(issueInGerman('must be "EMPTY"')).toBe('muss "EMPTY" sein');
    expect(issueInGerman('must be at most 2,000 characters')).toBe('darf höchstens 2.000 Zeichen haben');
    expect(issueInGerman('must be a shipment number: 8 to 40 letters or digits')).toBe('muss eine Sendungsnummer aus 8 bis 40 Buchstaben oder Ziffern sein');
    expect(issueInGerman('must say in at least 3 characters what the parcel held')).toBe('muss in mindestens 3 Zeichen sagen, was im Paket war');
    expect(issueInGerman('must not name an event type twice')).toBe('darf keinen Ereignistyp zweimal nennen');
    expect(issueInGerman('must have at most 70 characters as a bank transfer writes it (ä as ae, ß as ss)')).toBe(
      'darf höchstens 70 Zeichen haben, wie eine Überweisung sie schreibt (ä als ae, ß als ss)',
    );
  });

  it('shows a message no rule reads as the API wrote it', () => {
    expect(issueInGerman('must be a {shop}.myshopify.com domain')).toBe('must be a {shop}.myshopify.com domain');
  });
});
