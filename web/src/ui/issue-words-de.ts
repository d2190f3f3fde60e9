/**
 * The API's words for a refused field (`errors[].message`, English: `shared/http/issue-words.ts`, the request schemas'
 * and the configuration's own checks), in German for the German console and dashboard. Each rule reads one form of
 * message the API writes and says it again with what it names (a bound, a currency, a category); a message no rule
 * reads is shown as the API wrote it. The kit's fields (`ui/kit.tsx`) and problem messages say every field error
 * through it. Until 7 December 2026 only the settings page did, and every other German staff form showed the API's
 * English ("must be an e-mail address").
 */
type Rule = readonly [RegExp, (...parts: string[]) => string];

const UNITS: Record<string, [string, string]> = { character: ['Zeichen', 'Zeichen'], item: ['Eintrag', 'Einträge'] };

/** What the configuration names that one of its lists holds twice. */
/** The DHL ids a brand holds, as the German words name them. */
const DHL_ID_OF_YOUR_OWN: Record<string, string> = {
  'a DHL return receiver': 'ein eigener DHL-Retourenempfänger sein: diesen',
  'a sender reference': 'eine eigene Absenderreferenz sein: diese',
  'a billing number': 'eine eigene Abrechnungsnummer sein: diese',
};

const DUPLICATE_OF: Record<string, string> = {
  country: 'Das Land',
  category: 'Die Kategorie',
  code: 'Der Code',
  recipient: 'Die Empfängeradresse',
  SKU: 'Die SKU',
  'option id': 'Die Antwort-ID',
  'question id': 'Die Fragen-ID',
};

const bound = (how: string): string =>
  ({ 'at least': 'mindestens', 'at most': 'höchstens', exactly: 'genau', 'more than': 'mehr als', 'fewer than': 'weniger als', 'less than': 'weniger als' })[how] ?? how;

const RULES: readonly Rule[] = [
  [/^is required$/, () => 'fehlt'],
  [/^must be a whole number$/, () => 'muss eine ganze Zahl sein'],
  [/^must be of type (\w+)$/, (type) => `muss vom Typ ${type} sein`],
  [/^must have (at least|at most|exactly|more than|fewer than) (\d+) (character|item)s?$/, (how, count, unit) => `muss ${bound(how!)} ${count} ${Number(count) === 1 ? UNITS[unit!]![0] : UNITS[unit!]![1]} haben`],
  [/^must be more than 0$/, () => 'muss größer als 0 sein'],
  [/^must be (at least|at most|exactly|more than|less than) (-?[\d.e+-]+)$/, (how, value) => `muss ${bound(how!)} ${value} sein`],
  [/^must be 0 or more$|^must not be negative$/, () => 'darf nicht negativ sein'],
  [/^is not in the form this field takes$/, () => 'hat nicht die Form, die dieses Feld verlangt'],
  [/^must be an e-mail address$/, () => 'muss eine E-Mail-Adresse sein'],
  [/^must be a URL$/, () => 'muss eine URL sein'],
  [/^must be one of (.+)$/, (values) => `muss einer dieser Werte sein: ${values}`],
  [/^must be ("[^"]*"|-?[\d.]+|true|false|null)$/, (value) => `muss ${value} sein`],
  [/^must be a multiple of (-?[\d.e+-]+)$/, (divisor) => `muss ein Vielfaches von ${divisor} sein`],
  [/^must be an ISO 8601 date$/, () => 'muss ein Datum nach ISO 8601 sein (JJJJ-MM-TT)'],
  [/^must be an ISO 8601 date and time$/, () => 'muss Datum und Uhrzeit nach ISO 8601 sein'],
  [/^must be a ULID$/, () => 'muss eine ULID sein (26 Zeichen)'],
  [/^must be a shipment number: (\d+) to (\d+) letters or digits$/, (least, most) => `muss eine Sendungsnummer aus ${least} bis ${most} Buchstaben oder Ziffern sein`],
  [/^must be letters and digits, in groups parted by one space or hyphen$/, () => 'muss aus Buchstaben und Ziffern bestehen, in Gruppen, getrennt durch ein Leerzeichen oder einen Bindestrich'],
  [/^must be a brand slug \(a-z, 0-9, -\)$/, () => 'muss ein Markenkürzel sein (a–z, 0–9, -)'],
  [/^must be (\d+) to (\d+) letters, digits, _, \. or -$/, (least, most) => `muss aus ${least} bis ${most} Buchstaben, Ziffern, _, . oder - bestehen`],
  [/^must be a whole number in decimal digits$/, () => 'muss eine ganze Zahl in Dezimalziffern sein'],
  [/^must be at most ([\d,]+) characters$/, (count) => `darf höchstens ${count.replace(/,/g, '.')} Zeichen haben`],
  [/^must have at most (\d+) checks$/, (count) => `darf höchstens ${count} Prüfpunkte haben`],
  [/^must say in at least (\d+) characters what the parcel held$/, (count) => `muss in mindestens ${count} Zeichen sagen, was im Paket war`],
  [/^must not name an event type twice$/, () => 'darf keinen Ereignistyp zweimal nennen'],
  [/^is only for the route (\w+)$/, (route) => `gilt nur für den Weg ${route}`],
  [/^must be written in Latin letters, as the bank account shows it$/, () => 'muss in lateinischen Buchstaben geschrieben sein, wie das Bankkonto ihn zeigt'],
  [/^must have at most (\d+) characters as a bank transfer writes it \(ä as ae, ß as ss\)$/, (count) => `darf höchstens ${count} Zeichen haben, wie eine Überweisung sie schreibt (ä als ae, ß als ss)`],
  [/^matches none of the forms this field takes$/, () => 'passt zu keiner der Formen, die dieses Feld erlaubt'],
  [/^is not a field of this request$/, () => 'ist kein Feld dieser Konfiguration'],
  [/^must contain a visible character$/, () => 'muss ein sichtbares Zeichen enthalten'],
  [/^must be a name, without a web or e-mail address$/, () => 'muss ein Name sein, ohne Web- oder E-Mail-Adresse'],
  [/^must not contain control characters or line breaks$/, () => 'darf keine Steuerzeichen und keine Zeilenumbrüche enthalten'],
  [/^must not contain control characters other than line breaks and tabs$/, () => 'darf außer Zeilenumbrüchen und Tabulatoren keine Steuerzeichen enthalten'],
  [/^must not stack more than 30 combining marks on one character$/, () => 'darf nicht mehr als 30 Akzente auf einem Zeichen stapeln'],
  // Free texts that go into events (a reason, notes): no contact data (`shared/domain/contact-data.ts`).
  [/^must not contain an e-mail address$/, () => 'darf keine E-Mail-Adresse enthalten'],
  [/^must not contain an IBAN$/, () => 'darf keine IBAN enthalten'],
  [/^must not contain a phone number$/, () => 'darf keine Telefonnummer enthalten'],
  [/^must not contain the customer's e-mail address$/, () => 'darf die E-Mail-Adresse der Kundin oder des Kunden nicht enthalten, auch nicht den Teil vor dem @'],
  [/^must not be __proto__, constructor or prototype$/, () => 'darf nicht __proto__, constructor oder prototype heißen'],
  [/^must be a whole number of minor units \(cents\)$/, () => 'muss eine ganze Zahl in der kleinsten Einheit der Währung sein (Cent)'],
  [/^must be a category code \(a-z, 0-9, -\)$/, () => 'muss ein Kategorie-Code sein (a–z, 0–9, -)'],
  [/^must be a SKU of up to 64 letters, digits, dots, dashes and underscores$/, () => 'muss eine SKU aus bis zu 64 Buchstaben, Ziffern, Punkten, Binde- und Unterstrichen sein'],
  [/^must be a GTIN of 8, 12, 13 or 14 digits$/, () => 'muss eine GTIN aus 8, 12, 13 oder 14 Ziffern sein'],
  [/^is also the GTIN of (.+)$/, (sku) => `ist auch die GTIN von ${sku}`],
  [/^must be a colour as #rrggbb$/, () => 'muss eine Farbe als #rrggbb sein'],
  [/^must be an ISO 4217 code, e\.g\. (\w+)$/, (example) => `muss ein ISO-4217-Code sein, z. B. ${example}`],
  [/^must be a currency of ISO 4217, e\.g\. (\w+) \(not a metal, fund or test code\)$/, (example) => `muss eine Währung nach ISO 4217 sein, z. B. ${example} (kein Code eines Edelmetalls, Fonds oder Tests)`],
  [/^must be a country DHL takes returns from: (.+)$/, (countries) => `muss ein Land sein, aus dem DHL Retouren annimmt: ${countries}`],
  [/^must be an ISO 3166-1 alpha-2 code, e\.g\. (\w+)$/, (example) => `muss ein ISO-3166-1-Ländercode sein, z. B. ${example}`],
  [/^must be an IANA time zone(?: name)?, e\.g\. (.+)$/, (example) => `muss eine IANA-Zeitzone sein, z. B. ${example}`],
  [/^must be an IANA time zone name as the time zone database writes it: (.+)$/, (iana) => `muss so geschrieben sein, wie die Zeitzonendatenbank sie schreibt: ${iana}`],
  [/^must be (\w{3}), the brand's currency$/, (currency) => `muss ${currency} sein, die Währung der Marke`],
  [
    /^(\w+) has items listed: switch it off with enabled: false and keep its settings while items are listed there, so that their orders are still read$/,
    (channel) => `${channel} hat noch eingestellte Artikel: Schalten Sie den Kanal mit enabled: false ab und behalten Sie seine Einstellungen, solange dort Artikel eingestellt sind, damit ihre Bestellungen weiter gelesen werden`,
  ],
  [
    /^must stay (\S+) while (\w+) has items listed: withdraw them there first, so that their orders are still read and they can be taken off sale$/,
    (value, channel) => `muss ${value} bleiben, solange bei ${channel} Artikel eingestellt sind: Ziehen Sie sie dort zuerst zurück, damit ihre Bestellungen weiter gelesen und sie aus dem Verkauf genommen werden können`,
  ],
  [/^must stay (\w{3}): the brand has taken items back in it$/, (currency) => `muss ${currency} bleiben: Die Marke hat in dieser Währung schon Artikel zurückgenommen`],
  [/^must be EUR for a brand that pays bank transfers \(payouts\.sepaDebtor\): SEPA transfers are in euros$/, () => 'muss EUR sein, wenn die Marke Überweisungen auszahlt (payouts.sepaDebtor): SEPA-Überweisungen sind in Euro'],
  [/^has no offer rules: add config\.offerRules\.(.+)$/, (category) => `hat keine Angebotsregeln: Ergänzen Sie config.offerRules.${category}`],
  [/^has no condition questions: add questions of category (.+)$/, (category) => `hat keine Zustandsfragen: Ergänzen Sie Fragen der Kategorie ${category}`],
  [/^has no route rules: add config\.routing\.rules\.categories\.(.+)$/, (category) => `hat keine Routing-Regeln: Ergänzen Sie config.routing.rules.categories.${category}`],
  [/^must be a DHL billing number of 14 digits$/, () => 'muss eine DHL-Abrechnungsnummer aus 14 Ziffern sein'],
  [/^must be a BIC of 8 or 11 characters$/, () => 'muss eine BIC aus 8 oder 11 Zeichen sein'],
  [/^must be a valid IBAN in the electronic format \(upper case, no spaces\)$/, () => 'muss eine gültige IBAN in elektronischer Form sein (Großbuchstaben, ohne Leerzeichen)'],
  [/^must offer at most (\d+) answers$/, (count) => `darf höchstens ${count} Antworten anbieten`],
  [/^must be at (least|most) (-?\d+) minor units$/, (how, count) => `${how === 'most' ? 'darf höchstens' : 'muss mindestens'} ${count} in der kleinsten Einheit der Währung betragen`],
  // The payout export's execution date (`/staff/payouts`).
  [/^must be today or later$/, () => 'muss heute oder später sein'],
  [/^must be at most (\d+) days from today \((\d{4}-\d{2}-\d{2})\)$/, (days, latest) => `darf höchstens ${days} Tage nach heute liegen (${latest})`],
  // The configuration's own checks across fields and items (`/staff/settings`).
  [/^(\w+) must not exceed (\w+)$/, (lower, upper) => `${lower} darf nicht größer als ${upper} sein`],
  [/^(country|category|code|recipient|SKU|option id|question id) ("[^"]*") appears more than once$/, (what, key) => `${DUPLICATE_OF[what!]} ${key} kommt mehr als einmal vor`],
  [/^must have at most two decimals$/, () => 'darf höchstens zwei Nachkommastellen haben'],
  [/^must have at most four decimals \(0\.01 %\)$/, () => 'darf höchstens vier Nachkommastellen haben (0,01 %)'],
  [/^must name at most (\d+) categories$/, (count) => `darf höchstens ${count} Kategorien nennen`],
  [/^must be an eBay inventory location key: 1 to 36 visible ASCII characters$/, () => 'muss ein eBay-Lagerortschlüssel sein: 1 bis 36 sichtbare ASCII-Zeichen'],
  [/^must be an eBay business policy id: 1 to 19 digits$/, () => 'muss die ID einer eBay-Geschäftsrichtlinie sein: 1 bis 19 Ziffern'],
  [/^must be at least ([\d.]+): what the goods a voucher buys cost the brand, as a share of its face value$/, (ratio) => `muss mindestens ${ratio} sein: was die Waren, die ein Gutschein kauft, die Marke kosten, als Anteil an seinem Nennwert`],
  [/^must be an address of your own domain: (.+) is used by another brand$/, (domain) => `muss eine Adresse Ihrer eigenen Domain sein: ${domain} nutzt eine andere Marke`],
  [/^must be an address of a domain of at most (\d+) labels$/, (count) => `muss eine Adresse einer Domain mit höchstens ${count} Teilen sein`],
  [/^must be (a DHL return receiver|a sender reference|a billing number) of your own: this one is used by another brand$/, (what) => `muss ${DHL_ID_OF_YOUR_OWN[what!]} nutzt eine andere Marke`],
  [/^must be written in letters A-Z, digits, dots, hyphens and underscores, as DHL writes its ids$/, () => 'darf nur die Buchstaben A–Z, Ziffern, Punkte, Bindestriche und Unterstriche enthalten, wie DHL seine IDs schreibt'],
  [/^must name at most (\d+) receivers$/, (count) => `darf höchstens ${count} Empfänger nennen`],
  [/^must have at most (\d+) characters before the @$/, (count) => `darf vor dem @ höchstens ${count} Zeichen haben`],
  [/^must be an account SEPA transfers reach, not one in (\w{2})$/, (country) => `muss ein Konto sein, das SEPA-Überweisungen erreichen, keines in ${country}`],
  [/^must be at most (\d+) kg CO2e per item, ten times the largest published figure: typed in grams\?$/, (most) => `darf höchstens ${most} kg CO2e je Artikel betragen, das Zehnfache der größten veröffentlichten Zahl: in Gramm eingegeben?`],
  [/^ends in (\d), where GS1's check digit of the digits before it is (\d)$/, (given, expected) => `endet auf ${given}, die GS1-Prüfziffer der Ziffern davor ist aber ${expected}`],
  // A sale's return, a listing's price (the passport's forms).
  [/^must be (\w{3}), the sale's currency$/, (currency) => `muss ${currency} sein, die Währung des Verkaufs`],
  [/^must be at most (\d+), what the buyer paid \(the item and its shipping, in minor units\)$/, (paid) => `darf höchstens ${paid} betragen, was die Käuferin oder der Käufer bezahlt hat (Artikel und Versand, in der kleinsten Einheit der Währung)`],
  [/^must be at most (\d+), the fee (\S+) kept$/, (fee, channel) => `darf höchstens ${fee} betragen, die Gebühr, die ${channel} einbehalten hat`],
  [/^nets (.+) after the channel's fee, less than the (.+) the item has cost so far$/, (net, cost) => `bringt nach der Gebühr des Kanals ${net}, weniger als die ${cost}, die der Artikel bisher gekostet hat`],
  [/^cannot be checked against the item's costs in (\w{3})$/, (currency) => `lässt sich nicht mit den Kosten des Artikels in ${currency} vergleichen`],
  [/^must be at (least|most) (\d+) bytes?(?: \((.+)\))?$/, (how, count, size) => `muss ${bound(how!)} ${count} Byte groß sein${size ? ` (${size})` : ''}`],
  // The dashboard's period.
  [/^must not be after to$/, () => 'darf nicht nach dem Ende (to) liegen'],
  [/^must be at most (\d+) months after from$/, (months) => `darf höchstens ${months} Monate nach dem Beginn (from) liegen`],
  // zod's own words, where the schema gives none (a value a refinement or a record's key refuses).
  [/^Invalid input$/, () => 'ist ungültig'],
  [/^Invalid (?:key|value) in \w+$/, () => 'ist ungültig'],
];

/**
 * `message` in German where a rule reads it, else as it is.
 *
 * @example
 * issueInGerman('must have at most 100 characters'); // 'muss höchstens 100 Zeichen haben'
 * issueInGerman("must be EUR, the brand's currency"); // 'muss EUR sein, die Währung der Marke'
 */
export function issueInGerman(message: string): string {
  for (const [form, words] of RULES) {
    const match = form.exec(message);
    if (match) return words(...match.slice(1));
  }
  return message;
}
