import { describe, expect, it } from 'vitest';
import { GRADES } from '../../shared/domain/catalog';
import { listingText, paragraphsAsHtml } from '../../shared/domain/listing-text';
import { LISTING_LANGUAGES, SALES_CHANNELS } from '../../shared/domain/listings';

const passportId = '01JD3V6Q8Z5W4X2Y1T0S9R8P7N';
const base = { channel: 'ebay' as const, language: 'de' as const, passportId, productName: 'Trailphone X2 128 GB, Graphite', condition: { grade: 'GOOD' as const, repaired: false } };

describe('listingText', () => {
  it('titles a listing with the product and its condition, in German and English', () => {
    expect(listingText(base).title).toBe('Trailphone X2 128 GB, Graphite – Gut');
    expect(listingText({ ...base, language: 'en' }).title).toBe('Trailphone X2 128 GB, Graphite – Good');
    expect(listingText({ ...base, condition: { grade: 'LIKE_NEW', repaired: true } }).title).toBe('Trailphone X2 128 GB, Graphite – Wie neu, generalüberholt');
    expect(listingText({ ...base, language: 'en', condition: { grade: 'FAIR', repaired: true } }).title).toBe('Trailphone X2 128 GB, Graphite – Fair, refurbished');
  });

  it('writes a different condition text for every grade and language', () => {
    const texts = LISTING_LANGUAGES.flatMap((language) => GRADES.map((grade) => listingText({ ...base, language, condition: { grade, repaired: false } }).conditionText));
    expect(new Set(texts).size).toBe(GRADES.length * LISTING_LANGUAGES.length);
    expect(listingText({ ...base, condition: { grade: 'DEFECTIVE', repaired: false } }).conditionText).toMatch(/Ersatzteil/);
    expect(listingText({ ...base, language: 'en', condition: { grade: 'GOOD', repaired: true } }).conditionText).toMatch(/Restored by a certified repair partner/);
  });

  it('describes the grader’s checks and notes and names the passport', () => {
    const { description, conditionText } = listingText({ ...base, language: 'en', checks: { 'screen-ok': true, 'battery-health': 86, 'face-id': false }, notes: 'Small scratch on the back' });
    expect(description).toContain('Checked:\n- Battery health: 86\n- Face id: failed\n- Screen ok: passed');
    expect(description).toContain('Notes from grading: Small scratch on the back');
    expect(description).toContain(`Product passport ${passportId}`);
    expect(conditionText).toContain('Small scratch on the back');
    expect(listingText({ ...base, checks: { 'screen-ok': true } }).description).toContain('Geprüft:\n- Screen ok: bestanden');
  });

  it('keeps eBay titles within 80 characters by shortening the name at a word, never the condition', () => {
    const productName = 'Summit Book 14 Pro Creator Edition, 32 GB RAM, 2 TB SSD, Nordic Frost Aluminium, German keyboard layout';
    for (const language of LISTING_LANGUAGES) {
      for (const grade of GRADES) {
        const { title } = listingText({ ...base, language, productName, condition: { grade, repaired: true } });
        expect([...title].length).toBeLessThanOrEqual(80);
        expect(title).toMatch(/… – /);
      }
    }
    expect(listingText({ ...base, productName }).title).toBe('Summit Book 14 Pro Creator Edition, 32 GB RAM, 2 TB SSD, Nordic Frost… – Gut');
  });

  it('allows longer titles where the channel does', () => {
    const productName = 'x'.repeat(100);
    expect(listingText({ ...base, channel: 'ebay', productName }).title.length).toBe(80);
    expect(listingText({ ...base, channel: 'shopify', productName }).title).toBe(`${productName} – Gut`);
    for (const channel of SALES_CHANNELS) expect(listingText({ ...base, channel, productName: 'y'.repeat(400) }).title.length).toBeLessThanOrEqual(255);
  });

  it('keeps the condition text within eBay’s 1,000 characters however long the notes are', () => {
    const { conditionText } = listingText({ ...base, notes: 'Kratzer. '.repeat(300) });
    expect([...conditionText].length).toBe(1_000);
    expect(conditionText.endsWith('…')).toBe(true);
  });
});

describe('paragraphsAsHtml', () => {
  it('turns paragraphs and lines into HTML and escapes what a grader typed', () => {
    expect(paragraphsAsHtml('Good <b>as new</b> & "clean"\n\nChecked:\n- Screen: passed')).toBe(
      '<p>Good &lt;b&gt;as new&lt;/b&gt; &amp; &quot;clean&quot;</p><p>Checked:<br>- Screen: passed</p>',
    );
  });

  it('within a limit, shortens the longest paragraph at a word, never splitting an escape, and keeps the others whole', () => {
    expect(paragraphsAsHtml('Title\n\nNotes: a b c d e f', 30)).toBe('<p>Title</p><p>Notes: a b…</p>');
    // eBay's 4,000: 2,000 characters of notes that each escape to five or six grow far beyond it.
    const text = `Trailphone X2 – Gut\n\nChecked:\n- Screen: passed\n\nNotes: ${'<"& '.repeat(500)}\n\nProduktpass 01JD`;
    const html = paragraphsAsHtml(text, 4_000);
    expect(html.length).toBeLessThanOrEqual(4_000);
    expect(html.length).toBeGreaterThan(3_900);
    expect(html).toMatch(/^<p>Trailphone X2 – Gut<\/p><p>Checked:<br>- Screen: passed<\/p><p>Notes: (&lt;&quot;&amp; )*&lt;&quot;&amp;…<\/p><p>Produktpass 01JD<\/p>$/);
    expect(paragraphsAsHtml(text, 100_000)).toBe(paragraphsAsHtml(text));
  });
});
