/**
 * The words of a listing, in German and English (DESIGN.md §2): a title, a description and the
 * condition text, written from the passport (the product, the grade, the grader's checks and
 * notes, whether a repair partner restored it) within each channel's limits.
 */
import type { Grade } from './catalog';
import type { ListingCondition, ListingLanguage, SalesChannelName } from './listings';

/** eBay cuts titles at 80 characters; the others take 255 (Shopify's product title limit). */
const TITLE_LIMITS: Readonly<Record<SalesChannelName, number>> = { ebay: 80, shopify: 255, backmarket: 255, refurbed: 255 };
/** eBay's `conditionDescription` takes 1,000 characters; the others have no field of their own. */
const CONDITION_TEXT_LIMIT = 1_000;
const ELLIPSIS = '…';

interface Words {
  grades: Record<Grade, string>;
  refurbished: string;
  conditions: Record<Grade, string>;
  repairedBy: string;
  checked: string;
  passed: string;
  failed: string;
  notes: string;
  passport: string;
}

const WORDS: Readonly<Record<ListingLanguage, Words>> = {
  de: {
    grades: { LIKE_NEW: 'Wie neu', GOOD: 'Gut', FAIR: 'Akzeptabel', DEFECTIVE: 'Defekt' },
    refurbished: 'generalüberholt',
    conditions: {
      LIKE_NEW: 'Keine sichtbaren Gebrauchsspuren. Vollständig geprüft, alles funktioniert.',
      GOOD: 'Leichte Gebrauchsspuren, die im Alltag nicht auffallen. Vollständig geprüft, alles funktioniert.',
      FAIR: 'Deutliche Gebrauchsspuren wie tiefe Kratzer oder kleine Dellen. Vollständig geprüft, alles funktioniert.',
      DEFECTIVE: 'Nicht voll funktionsfähig, als Ersatzteilspender oder zur Reparatur, wie beschrieben.',
    },
    repairedBy: 'Von einem zertifizierten Reparaturpartner instand gesetzt.',
    checked: 'Geprüft',
    passed: 'bestanden',
    failed: 'nicht bestanden',
    notes: 'Anmerkungen der Prüfung',
    passport: 'Produktpass',
  },
  en: {
    grades: { LIKE_NEW: 'Like new', GOOD: 'Good', FAIR: 'Fair', DEFECTIVE: 'Defective' },
    refurbished: 'refurbished',
    conditions: {
      LIKE_NEW: 'No visible signs of use. Fully tested, everything works.',
      GOOD: 'Light signs of use that go unnoticed in everyday use. Fully tested, everything works.',
      FAIR: 'Clear signs of use such as deep scratches or small dents. Fully tested, everything works.',
      DEFECTIVE: 'Not fully working; for parts or repair, as described.',
    },
    repairedBy: 'Restored by a certified repair partner.',
    checked: 'Checked',
    passed: 'passed',
    failed: 'failed',
    notes: 'Notes from grading',
    passport: 'Product passport',
  },
};

export interface ListingTextInput {
  channel: SalesChannelName;
  language: ListingLanguage;
  passportId: string;
  productName: string;
  condition: ListingCondition;
  /** The grader's checks by name, e.g. `{ "battery-health": 86, "screen-ok": true }`. */
  checks?: Readonly<Record<string, boolean | number | string>>;
  notes?: string;
}

export interface ListingText {
  /** Within the channel's title limit; the product name is shortened, never the condition. */
  title: string;
  /** Plain text, paragraphs separated by a blank line. */
  description: string;
  /** The condition in one or two sentences plus the grader's notes, at most 1,000 characters. */
  conditionText: string;
}

/**
 * The title, description and condition text of a listing.
 *
 * @example
 * listingText({ channel: 'ebay', language: 'de', passportId: '01JD…', productName: 'Trailphone X2 128 GB, Graphite',
 *   condition: { grade: 'GOOD', repaired: true }, checks: { 'battery-health': 86 } });
 * // { title: 'Trailphone X2 128 GB, Graphite – Gut, generalüberholt',
 * //   conditionText: 'Leichte Gebrauchsspuren, … Von einem zertifizierten Reparaturpartner instand gesetzt.',
 * //   description: 'Trailphone X2 128 GB, Graphite\n\n…\n\nGeprüft:\n- Battery health: 86\n\nProduktpass 01JD…' }
 */
export function listingText({ channel, language, passportId, productName, condition, checks, notes }: ListingTextInput): ListingText {
  const words = WORDS[language];
  const conditionLabel = words.grades[condition.grade] + (condition.repaired ? `, ${words.refurbished}` : '');
  const title = titleWithin(productName.trim(), ` – ${conditionLabel}`, TITLE_LIMITS[channel]);

  const conditionSentences = [words.conditions[condition.grade], ...(condition.repaired ? [words.repairedBy] : [])].join(' ');
  const note = notes?.trim();
  const conditionText = truncate(note ? `${conditionSentences} ${words.notes}: ${note}` : conditionSentences, CONDITION_TEXT_LIMIT);

  const checkLines = Object.entries(checks ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, value]) => `- ${checkLabel(name)}: ${checkValue(value, words)}`);
  const description = [
    `${productName.trim()} – ${conditionLabel}`,
    conditionSentences,
    ...(checkLines.length > 0 ? [`${words.checked}:\n${checkLines.join('\n')}`] : []),
    ...(note ? [`${words.notes}: ${note}`] : []),
    `${words.passport} ${passportId}`,
  ].join('\n\n');

  return { title, description, conditionText };
}

/**
 * Plain listing text as HTML paragraphs, for channels whose description is HTML (eBay, Shopify).
 * Every character that means something in HTML is escaped, so a grader's note cannot inject markup.
 *
 * Within `maxLength` (of the HTML, in UTF-16 units, which is at least the count of characters), the longest
 * paragraph is shortened until it fits, with an ellipsis: as a rule that is the grader's notes, while the title line,
 * the condition and the passport line stay whole. The text is cut before it is escaped, at a word where one is near,
 * so no escape (`&amp;`) or tag is ever split.
 *
 * @example
 * paragraphsAsHtml('Good <3\n\nChecked:\n- Screen: passed'); // '<p>Good &lt;3</p><p>Checked:<br>- Screen: passed</p>'
 * paragraphsAsHtml('Title\n\nNotes: a b c d e f', 30); // '<p>Title</p><p>Notes: a b…</p>'
 */
export function paragraphsAsHtml(text: string, maxLength = Infinity): string {
  const paragraphs = text.split('\n\n');
  const total = () => paragraphs.reduce((sum, paragraph) => sum + paragraphHtml(paragraph).length, 0);
  for (let over = total() - maxLength; over > 0; over = total() - maxLength) {
    const lengths = paragraphs.map((paragraph) => paragraphHtml(paragraph).length);
    const longest = lengths.indexOf(Math.max(...lengths));
    const shortened = shortenedParagraph(paragraphs[longest] ?? '', (lengths[longest] ?? 0) - over);
    // Nothing left to shorten (a limit below a few characters a paragraph): the text is as short as it gets.
    if (shortened === paragraphs[longest]) break;
    paragraphs[longest] = shortened;
  }
  return paragraphs.map(paragraphHtml).join('');
}

function paragraphHtml(paragraph: string): string {
  return `<p>${escapeHtml(paragraph).split('\n').join('<br>')}</p>`;
}

/** How far back from the cut a word's end is looked for; further back, the cut falls within a word. */
const WORD_CUT_REACH = 40;

/** The longest start of the paragraph that, with an ellipsis, is at most `htmlLength` as HTML; `…` alone at least. */
function shortenedParagraph(paragraph: string, htmlLength: number): string {
  const characters = [...paragraph];
  let room = htmlLength - paragraphHtml(ELLIPSIS).length;
  let kept = 0;
  for (const character of characters) {
    const cost = character === '\n' ? '<br>'.length : escapeHtml(character).length;
    if (cost > room) break;
    room -= cost;
    kept += 1;
  }
  if (kept >= characters.length) return paragraph;
  const start = characters.slice(0, kept).join('');
  // A word ends at the cut when a space follows; otherwise the cut goes back to the last word's end, if near.
  const wordEnd = /\s/.test(characters[kept] ?? '') ? start.length : start.search(/\s\S*$/);
  const cut = wordEnd >= 0 && [...start.slice(wordEnd)].length <= WORD_CUT_REACH ? start.slice(0, wordEnd) : start;
  return `${cut.trimEnd()}${ELLIPSIS}`;
}

const HTML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character] ?? character);
}

/** The name shortened at a word where it must be, so that the condition always fits. */
function titleWithin(name: string, suffix: string, limit: number): string {
  const room = limit - length(suffix);
  if (length(name) <= room) return name + suffix;
  const cut = [...name].slice(0, room - 1).join('');
  const atWord = cut.replace(/[\s,;:–-]+\S*$/, '');
  return `${atWord.length > 0 ? atWord : cut}${ELLIPSIS}${suffix}`;
}

function truncate(text: string, limit: number): string {
  return length(text) <= limit ? text : `${[...text].slice(0, limit - 1).join('')}${ELLIPSIS}`;
}

/** Characters as a reader counts them: an emoji is one, not two UTF-16 units. */
function length(text: string): number {
  return [...text].length;
}

function checkLabel(name: string): string {
  const words = name.replace(/[-_]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function checkValue(value: boolean | number | string, words: Words): string {
  if (typeof value === 'boolean') return value ? words.passed : words.failed;
  return String(value);
}
