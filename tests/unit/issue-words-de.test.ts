import { describe, expect, it } from 'vitest';
import { demoBrand } from '../../local/seed/demo-brand';
import { issueWords } from '../../shared/http/issue-words';
import { BrandCatalogSchema } from '../../shared/schemas/brand-config';
import { issueInGerman } from '../../web/src/staff/issue-words-de';

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

  it('shows a message no rule reads as the API wrote it', () => {
    expect(issueInGerman('must be a {shop}.myshopify.com domain')).toBe('must be a {shop}.myshopify.com domain');
  });
});
