/**
 * The one layout every customer e-mail shares: a greeting, the message's blocks, a sign-off and a
 * footer with the brand's name, rendered as plain text and as simple inline-styled HTML (mail
 * clients drop style sheets) from the same content, so the two can never say different things.
 */
import type { DateReader } from './format';

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

/** Who an e-mail goes to and on whose behalf: what every template needs; its dates are written for this reader. */
export interface CustomerEmail extends DateReader {
  brandName: string;
  customerName: string;
}

export interface EmailLink {
  label: string;
  url: string;
}

/** A piece of an e-mail's body. */
export type EmailBlock =
  | { kind: 'paragraph'; text: string; emphasis?: boolean }
  | { kind: 'steps'; items: string[] }
  /** Labelled values, e.g. a voucher's code and expiry. */
  | { kind: 'facts'; rows: { label: string; value: string }[] }
  | { kind: 'links'; links: EmailLink[] }
  /** Links the customer is asked to choose between, shown as buttons. */
  | { kind: 'actions'; links: EmailLink[] };

export interface EmailMessage {
  subject: string;
  blocks: EmailBlock[];
}

type EmailContent = CustomerEmail & EmailMessage;

const COPY = {
  de: {
    greeting: (name: string) => `Guten Tag ${name},`,
    signOff: 'Viele Grüße',
    footer: (brand: string) => `Sie erhalten diese E-Mail, weil Sie bei ${brand} die Rücknahme eines Artikels angefragt haben.`,
  },
  en: {
    greeting: (name: string) => `Hello ${name},`,
    signOff: 'Kind regards',
    footer: (brand: string) => `You are receiving this e-mail because you asked ${brand} to take back an item.`,
  },
} as const;

const STYLE = {
  body: 'margin:0;padding:24px 12px;background:#f4f4f2;font-family:Helvetica,Arial,sans-serif;font-size:16px;line-height:1.5;color:#1f2421',
  card: 'max-width:560px;margin:0 auto;padding:24px;background:#ffffff;border-radius:8px',
  paragraph: 'margin:0 0 16px',
  facts: 'margin:0 0 16px;border-collapse:collapse',
  factLabel: 'padding:4px 16px 4px 0;color:#5b625e;vertical-align:top',
  factValue: 'padding:4px 0;font-weight:bold',
  link: 'color:#1d6b46',
  button: 'display:inline-block;margin:0 8px 8px 0;padding:10px 18px;border-radius:6px;background:#1d6b46;color:#ffffff;text-decoration:none;font-weight:bold',
  footer: 'max-width:560px;margin:16px auto 0;font-size:12px;color:#5b625e;text-align:center',
} as const;

/**
 * Escapes text for HTML content and attribute values.
 *
 * @example
 * escapeHtml('Ben & Jerry\'s <b>'); // 'Ben &amp; Jerry&#39;s &lt;b&gt;'
 */
export function escapeHtml(value: string): string {
  return value.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}

/**
 * Renders a message in the shared layout, in the customer's language.
 *
 * @example
 * renderEmail(
 *   { locale: 'en', brandName: 'Demo Outfitters', customerName: 'Alex' },
 *   { subject: 'Your parcel has arrived', blocks: [{ kind: 'paragraph', text: 'Your parcel reached us today.' }] },
 * ).text;
 * // 'Hello Alex,\n\nYour parcel reached us today.\n\nKind regards\nDemo Outfitters\n\n-- \nYou are receiving ...'
 */
export function renderEmail({ locale, brandName, customerName }: CustomerEmail, message: EmailMessage): RenderedEmail {
  const content = { locale, brandName, customerName, ...message };
  return { subject: message.subject, text: renderText(content), html: renderHtml(content) };
}

function renderText({ locale, brandName, customerName, blocks }: EmailContent): string {
  const copy = COPY[locale];
  return [
    copy.greeting(customerName),
    ...blocks.map(blockText),
    `${copy.signOff}\n${brandName}`,
    // "-- " is the signature separator mail clients recognise and fold away.
    `-- \n${copy.footer(brandName)}`,
  ].join('\n\n');
}

function blockText(block: EmailBlock): string {
  switch (block.kind) {
    case 'paragraph':
      return block.text;
    case 'steps':
      return block.items.map((item, i) => `${i + 1}. ${item}`).join('\n');
    case 'facts':
      return block.rows.map((row) => `${row.label}: ${row.value}`).join('\n');
    case 'links':
    case 'actions':
      return block.links.map((link) => `${link.label}: ${link.url}`).join('\n');
  }
}

function renderHtml({ locale, brandName, customerName, subject, blocks }: EmailContent): string {
  const copy = COPY[locale];
  return [
    '<!doctype html>',
    `<html lang="${locale}">`,
    `<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(subject)}</title></head>`,
    `<body style="${STYLE.body}">`,
    `<div style="${STYLE.card}">`,
    paragraph(escapeHtml(copy.greeting(customerName))),
    ...blocks.map(blockHtml),
    paragraph(`${escapeHtml(copy.signOff)}<br>${escapeHtml(brandName)}`),
    '</div>',
    `<p style="${STYLE.footer}">${escapeHtml(copy.footer(brandName))}</p>`,
    '</body>',
    '</html>',
  ].join('\n');
}

const paragraph = (html: string) => `<p style="${STYLE.paragraph}">${html}</p>`;

const anchor = (link: EmailLink, style: string) =>
  `<a href="${escapeHtml(link.url)}" style="${style}">${escapeHtml(link.label)}</a>`;

function blockHtml(block: EmailBlock): string {
  switch (block.kind) {
    case 'paragraph':
      return paragraph(block.emphasis ? `<strong>${escapeHtml(block.text)}</strong>` : escapeHtml(block.text));
    case 'steps':
      return `<ol style="${STYLE.paragraph};padding-left:20px">${block.items.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ol>`;
    case 'facts':
      return `<table role="presentation" style="${STYLE.facts}">${block.rows
        .map(
          (row) =>
            `<tr><td style="${STYLE.factLabel}">${escapeHtml(row.label)}</td><td style="${STYLE.factValue}">${escapeHtml(row.value)}</td></tr>`,
        )
        .join('')}</table>`;
    case 'links':
      return paragraph(block.links.map((link) => anchor(link, STYLE.link)).join(' · '));
    case 'actions':
      return paragraph(block.links.map((link) => anchor(link, STYLE.button)).join(''));
  }
}
