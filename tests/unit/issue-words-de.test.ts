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
    expect(issueInGerman('backmarket has items listed: switch it off with enabled: false and keep its settings while items are listed there, so that their orders are still read')).toBe(
      'backmarket hat noch eingestellte Artikel: Schalten Sie den Kanal mit enabled: false ab und behalten Sie seine Einstellungen, solange dort Artikel eingestellt sind, damit ihre Bestellungen weiter gelesen werden',
    );
    expect(issueInGerman('must stay kreislauf-demo.myshopify.com while shopify has items listed: withdraw them there first, so that their orders are still read and they can be taken off sale')).toBe(
      'muss kreislauf-demo.myshopify.com bleiben, solange bei shopify Artikel eingestellt sind: Ziehen Sie sie dort zuerst zurück, damit ihre Bestellungen weiter gelesen und sie aus dem Verkauf genommen werden können',
    );
    expect(issueInGerman('must be a currency of ISO 4217, e.g. EUR (not a metal, fund or test code)')).toBe('muss eine Währung nach ISO 4217 sein, z. B. EUR (kein Code eines Edelmetalls, Fonds oder Tests)');
    expect(issueInGerman('must be a country DHL takes returns from: AT, DE')).toBe('muss ein Land sein, aus dem DHL Retouren annimmt: AT, DE');
    expect(issueInGerman('has no offer rules: add config.offerRules.tablet')).toBe('hat keine Angebotsregeln: Ergänzen Sie config.offerRules.tablet');
    expect(issueInGerman('must have at least 1 item')).toBe('muss mindestens 1 Eintrag haben');
    expect(issueInGerman('is also the GTIN of DO-PHONE-X2-128')).toBe('ist auch die GTIN von DO-PHONE-X2-128');
    expect(issueInGerman('must be at most 1000000000 minor units')).toBe('darf höchstens 1000000000 in der kleinsten Einheit der Währung betragen');
    expect(issueInGerman('must be at least -1000000000 minor units')).toBe('muss mindestens -1000000000 in der kleinsten Einheit der Währung betragen');
  });

  it("says the staff forms' request checks in German: control characters, e-mail address, sizes and the forms' own words", () => {
    expect(issueInGerman('must not contain control characters or line breaks')).toBe('darf keine Steuerzeichen und keine Zeilenumbrüche enthalten');
    expect(issueInGerman('must not contain control characters other than line breaks and tabs')).toBe('darf außer Zeilenumbrüchen und Tabulatoren keine Steuerzeichen enthalten');
    expect(issueInGerman('must be an e-mail address')).toBe('muss eine E-Mail-Adresse sein');
    expect(issueInGerman('must be a name, without a web or e-mail address')).toBe('muss ein Name sein, ohne Web- oder E-Mail-Adresse');
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

  it("says the configuration's checks across fields and items in German (until 7 December 2026 they stayed English)", () => {
    const broken = structuredClone(demoBrand) as unknown as { config: { countries: string[]; offerRules: Record<string, Record<string, { minShare: number; maxShare: number }>> }; questions: { id: string }[] };
    const [category, rules] = Object.entries(broken.config.offerRules)[0]!;
    const [grade] = Object.keys(rules);
    broken.config.offerRules[category]![grade!] = { minShare: 0.9, maxShare: 0.5 };
    broken.config.countries.push(broken.config.countries[0]!);
    broken.questions.push(structuredClone(broken.questions[0]!));
    const messages = messagesOf(broken);
    expect(messages.length).toBeGreaterThanOrEqual(3);
    expect(messages.map(issueInGerman).sort()).toEqual(
      [
        'minShare darf nicht größer als maxShare sein',
        `Das Land "${broken.config.countries[0]}" kommt mehr als einmal vor`,
        `Die Fragen-ID "${broken.questions[0]!.id}" kommt mehr als einmal vor`,
      ].sort(),
    );
    expect(issueInGerman('must be an eBay business policy id: 1 to 19 digits')).toBe('muss die ID einer eBay-Geschäftsrichtlinie sein: 1 bis 19 Ziffern');
    expect(issueInGerman('must be an eBay inventory location key: 1 to 36 visible ASCII characters')).toBe('muss ein eBay-Lagerortschlüssel sein: 1 bis 36 sichtbare ASCII-Zeichen');
    expect(issueInGerman('must have at most two decimals')).toBe('darf höchstens zwei Nachkommastellen haben');
    expect(issueInGerman('must have at most four decimals (0.01 %)')).toBe('darf höchstens vier Nachkommastellen haben (0,01 %)');
    expect(issueInGerman('must be an address of your own domain: example.org is used by another brand')).toBe('muss eine Adresse Ihrer eigenen Domain sein: example.org nutzt eine andere Marke');
    expect(issueInGerman("ends in 3, where GS1's check digit of the digits before it is 7")).toBe('endet auf 3, die GS1-Prüfziffer der Ziffern davor ist aber 7');
    expect(issueInGerman('must be a DHL return receiver of your own: this one is used by another brand')).toBe('muss ein eigener DHL-Retourenempfänger sein: diesen nutzt eine andere Marke');
    expect(issueInGerman('must be a billing number of your own: this one is used by another brand')).toBe('muss eine eigene Abrechnungsnummer sein: diese nutzt eine andere Marke');
    expect(issueInGerman('must be written in letters A-Z, digits, dots, hyphens and underscores, as DHL writes its ids')).toMatch(/^darf nur die Buchstaben A–Z/);
    expect(issueInGerman('must be an address of a domain of at most 10 labels')).toBe('muss eine Adresse einer Domain mit höchstens 10 Teilen sein');
    expect(issueInGerman('must name at most 30 receivers')).toBe('darf höchstens 30 Empfänger nennen');
    expect(issueInGerman('must have at most 64 characters before the @')).toBe('darf vor dem @ höchstens 64 Zeichen haben');
    expect(issueInGerman('must be at most 1000 kg CO2e per item, ten times the largest published figure: typed in grams?')).toBe(
      'darf höchstens 1000 kg CO2e je Artikel betragen, das Zehnfache der größten veröffentlichten Zahl: in Gramm eingegeben?',
    );
  });

  it("says the payout export's date, a sale's return, a listing's price and the dashboard's period in German", () => {
    expect(issueInGerman('must be today or later')).toBe('muss heute oder später sein');
    expect(issueInGerman('must be at most 60 days from today (2027-02-05)')).toBe('darf höchstens 60 Tage nach heute liegen (2027-02-05)');
    expect(issueInGerman("must be EUR, the sale's currency")).toBe('muss EUR sein, die Währung des Verkaufs');
    expect(issueInGerman('must be at most 1200, the fee ebay kept')).toBe('darf höchstens 1200 betragen, die Gebühr, die ebay einbehalten hat');
    expect(issueInGerman("nets €80.00 after the channel's fee, less than the €95.00 the item has cost so far")).toBe(
      'bringt nach der Gebühr des Kanals €80.00, weniger als die €95.00, die der Artikel bisher gekostet hat',
    );
    expect(issueInGerman('must not be after to')).toBe('darf nicht nach dem Ende (to) liegen');
    expect(issueInGerman('must be at most 24 months after from')).toBe('darf höchstens 24 Monate nach dem Beginn (from) liegen');
  });

  it("says zod's generic words, where a schema gives none, in German", () => {
    expect(issueInGerman('Invalid input')).toBe('ist ungültig');
    expect(issueInGerman('Invalid key in record')).toBe('ist ungültig');
  });

  it('shows a message no rule reads as the API wrote it', () => {
    expect(issueInGerman('must be a {shop}.myshopify.com domain')).toBe('must be a {shop}.myshopify.com domain');
  });
});
