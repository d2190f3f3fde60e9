import { randomBytes } from 'node:crypto';

/** A header field as written: name as given, value unfolded. */
export type HeaderField = [name: string, value: string];

const CRLF = '\r\n';
const MAX_LINE = 76;

function isAscii(text: string): boolean {
  return /^[\x00-\x7f]*$/.test(text);
}

/**
 * RFC 2047 encoded words (`=?UTF-8?B?...?=`) for header text that is not ASCII, split so that no
 * word is longer than 75 characters and no UTF-8 character is cut in two.
 */
function encodeHeaderText(text: string): string {
  if (isAscii(text)) return text;
  const words: string[] = [];
  let chunk = '';
  for (const char of text) {
    if (Buffer.byteLength(chunk + char) > 45) {
      words.push(chunk);
      chunk = '';
    }
    chunk += char;
  }
  words.push(chunk);
  return words.map((word) => `=?UTF-8?B?${Buffer.from(word).toString('base64')}?=`).join(' ');
}

/** Decodes the encoded words {@link encodeHeaderText} writes; the whitespace between two of them is dropped. */
function decodeHeaderText(value: string): string {
  return value
    .replace(/(=\?UTF-8\?B\?[^?]*\?=)\s+(?==\?UTF-8\?B\?)/g, '$1')
    .replace(/=\?UTF-8\?B\?([^?]*)\?=/g, (_word, text: string) => Buffer.from(text, 'base64').toString('utf8'));
}

/** Splits on spaces so that header lines stay within the recommended 78 characters. */
function foldHeader(name: string, value: string): string {
  let line = `${name}:`;
  const lines: string[] = [];
  for (const word of value.split(' ')) {
    if (line.length + 1 + word.length > 78 && line.trim() !== `${name}:`) {
      lines.push(line);
      line = '';
    }
    line += ` ${word}`;
  }
  lines.push(line);
  return lines.join(CRLF);
}

/** Quoted-printable (RFC 2045) of UTF-8 text, with CRLF line breaks and soft breaks at 76 characters. */
function encodeQuotedPrintable(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => {
      const bytes = Buffer.from(line, 'utf8');
      const tokens: string[] = [];
      bytes.forEach((byte, index) => {
        const last = index === bytes.length - 1;
        const literal = (byte >= 33 && byte <= 126 && byte !== 61) || ((byte === 32 || byte === 9) && !last);
        tokens.push(literal ? String.fromCharCode(byte) : `=${byte.toString(16).toUpperCase().padStart(2, '0')}`);
      });
      const out: string[] = [];
      let current = '';
      for (const token of tokens) {
        if (current.length + token.length > MAX_LINE - 1) {
          out.push(`${current}=`);
          current = '';
        }
        current += token;
      }
      out.push(current);
      return out.join(CRLF);
    })
    .join(CRLF);
}

/** Undoes quoted-printable into a byte string (latin1), leaving the charset to the caller. */
function decodeQuotedPrintableText(text: string): string {
  return text
    .replace(/[ \t]+(?=\r?\n)/g, '')
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-Fa-f]{2})/g, (_match, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** The fields of a header block, unfolded, in order. */
function parseHeaderBlock(block: string): HeaderField[] {
  const fields: HeaderField[] = [];
  for (const line of block.split(/\r?\n/)) {
    if (/^[ \t]/.test(line) && fields.length > 0) {
      fields[fields.length - 1]![1] += line;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon > 0) fields.push([line.slice(0, colon).trim(), line.slice(colon + 1)]);
  }
  return fields.map(([name, value]) => [name, value.trim()]);
}

/** Splits a message (as a latin1 byte string) into its header block and body. */
function splitMessage(latin1: string): { header: string; body: string } {
  const match = /\r?\n\r?\n/.exec(latin1);
  if (!match) return { header: latin1, body: '' };
  return { header: latin1.slice(0, match.index), body: latin1.slice(match.index + match[0].length) };
}

/** The first value of a header field, by case-insensitive name. */
export function headerValue(fields: HeaderField[], name: string): string | undefined {
  return fields.find(([field]) => field.toLowerCase() === name.toLowerCase())?.[1];
}

/** `text/plain; charset="utf-8"` → the type and its lower-cased parameters. */
function parseContentType(value: string | undefined): { type: string; params: Record<string, string> } {
  const [type = 'text/plain', ...rest] = (value ?? 'text/plain').split(';');
  const params: Record<string, string> = {};
  for (const param of rest) {
    const equals = param.indexOf('=');
    if (equals < 0) continue;
    params[param.slice(0, equals).trim().toLowerCase()] = param.slice(equals + 1).trim().replace(/^"(.*)"$/, '$1');
  }
  return { type: type.trim().toLowerCase(), params };
}

/** A UTF-8 quoted-printable body, as {@link composeEmail} writes it. */
function decodeBody(body: string): string {
  return Buffer.from(decodeQuotedPrintableText(body), 'latin1').toString('utf8').replace(/\r\n/g, '\n');
}

/** A file attached to a message (SES's `Attachments` of Simple content). */
export interface MailAttachment {
  fileName: string;
  contentType: string;
  content: Buffer;
}

interface Bodies {
  text?: string;
  html?: string;
  attachments: MailAttachment[];
}

/** The text and HTML bodies and the attachments of a message, looking inside its multipart parts. */
function findBodies(latin1: string, into: Bodies): void {
  const { header, body } = splitMessage(latin1);
  const fields = parseHeaderBlock(header);
  const { type, params } = parseContentType(headerValue(fields, 'Content-Type'));
  if (type.startsWith('multipart/') && params.boundary) {
    const delimiter = `--${params.boundary}`;
    const sections = body.split(new RegExp(`(?:^|\\r?\\n)${delimiter.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    // The first section is the preamble; the one after the closing delimiter starts with "--".
    for (const section of sections.slice(1)) {
      if (section.startsWith('--')) break;
      findBodies(section.replace(/^[ \t]*\r?\n/, ''), into);
    }
    return;
  }
  const disposition = parseContentType(headerValue(fields, 'Content-Disposition') ?? 'inline');
  if (disposition.type === 'attachment') {
    into.attachments.push({
      fileName: decodeHeaderText(disposition.params.filename ?? params.name ?? ''),
      contentType: type,
      content: Buffer.from(body.replace(/\s/g, ''), 'base64'),
    });
    return;
  }
  if (type === 'text/plain' && into.text === undefined) into.text = decodeBody(body);
  if (type === 'text/html' && into.html === undefined) into.html = decodeBody(body);
}

/** What {@link parseEmail} reads from a message. */
export interface ParsedEmail {
  /** Every header field, values decoded from RFC 2047. */
  headers: HeaderField[];
  text?: string;
  html?: string;
  attachments: MailAttachment[];
}

/**
 * Reads a message {@link composeEmail} wrote: its headers and its text and HTML bodies, decoded.
 *
 * @example
 * const { headers, text } = parseEmail(await readFile('message.eml'));
 * headerValue(headers, 'Subject');
 */
export function parseEmail(message: Buffer): ParsedEmail {
  const latin1 = message.toString('latin1');
  const headers = parseHeaderBlock(splitMessage(latin1).header).map(
    ([name, value]): HeaderField => [name, decodeHeaderText(value)],
  );
  const bodies: Bodies = { attachments: [] };
  findBodies(latin1, bodies);
  return { headers, ...bodies };
}

function textPart(type: 'plain' | 'html', content: string): string {
  return [
    `Content-Type: text/${type}; charset=UTF-8`,
    'Content-Transfer-Encoding: quoted-printable',
    '',
    encodeQuotedPrintable(content),
  ].join(CRLF);
}

/** The body of a message as one part: a text or HTML part, or a multipart/alternative of both. */
function bodyPart(bodies: { text?: string; html?: string }): { header: string[]; body: string } {
  if (bodies.text !== undefined && bodies.html !== undefined) {
    const boundary = newBoundary();
    return {
      header: [foldHeader('Content-Type', `multipart/alternative; boundary="${boundary}"`)],
      body: [`--${boundary}`, textPart('plain', bodies.text), `--${boundary}`, textPart('html', bodies.html), `--${boundary}--`, ''].join(CRLF),
    };
  }
  const [type, content] = bodies.html !== undefined ? (['html', bodies.html] as const) : (['plain', bodies.text ?? ''] as const);
  // No line break after the body: it would become part of the text when read back.
  return { header: [`Content-Type: text/${type}; charset=UTF-8`, 'Content-Transfer-Encoding: quoted-printable'], body: encodeQuotedPrintable(content) };
}

function attachmentPart(attachment: MailAttachment): string {
  const name = encodeHeaderText(attachment.fileName).replace(/["\\]/g, '_');
  const base64 = attachment.content.toString('base64');
  const lines = base64.match(/.{1,76}/g) ?? [];
  return [
    foldHeader('Content-Type', `${attachment.contentType}; name="${name}"`),
    foldHeader('Content-Disposition', `attachment; filename="${name}"`),
    'Content-Transfer-Encoding: base64',
    '',
    ...lines,
  ].join(CRLF);
}

function newBoundary(): string {
  return `=_kreislauf_${randomBytes(12).toString('hex')}`;
}

/**
 * Writes a message as RFC 5322 text with CRLF line breaks: the given header fields (values that
 * are not ASCII are RFC 2047 encoded), then one UTF-8 quoted-printable body, or a
 * multipart/alternative with the text and the HTML body when both are given; with attachments,
 * that body and each attachment (base64) in a multipart/mixed.
 *
 * @example
 * composeEmail([['From', 'noreply@acme.example'], ['To', 'jane@example.com'], ['Subject', 'Grüße']], { text: 'Hallo' });
 */
export function composeEmail(fields: HeaderField[], bodies: { text?: string; html?: string }, attachments: MailAttachment[] = []): Buffer {
  const header = [...fields, ['MIME-Version', '1.0'] as HeaderField].map(([name, value]) => foldHeader(name, encodeHeaderText(value)));
  const content = bodyPart(bodies);
  let body: string;
  if (attachments.length === 0) {
    header.push(...content.header);
    body = content.body;
  } else {
    const boundary = newBoundary();
    header.push(foldHeader('Content-Type', `multipart/mixed; boundary="${boundary}"`));
    body = [
      `--${boundary}`,
      [...content.header, '', content.body].join(CRLF),
      ...attachments.flatMap((attachment) => [`--${boundary}`, attachmentPart(attachment)]),
      `--${boundary}--`,
      '',
    ].join(CRLF);
  }
  return Buffer.from(`${header.join(CRLF)}${CRLF}${CRLF}${body}`, 'utf8');
}

/**
 * Splits an address list header at the commas between addresses.
 *
 * @example
 * splitAddressList('a@x.example, "B, C" <b@y.example>'); // ['a@x.example', '"B, C" <b@y.example>']
 */
export function splitAddressList(value: string | undefined): string[] {
  if (!value) return [];
  const addresses: string[] = [];
  let current = '';
  let quoted = false;
  let angle = false;
  for (const char of value) {
    if (char === '"') quoted = !quoted;
    else if (char === '<' && !quoted) angle = true;
    else if (char === '>' && !quoted) angle = false;
    if (char === ',' && !quoted && !angle) {
      addresses.push(current.trim());
      current = '';
    } else {
      current += char;
    }
  }
  addresses.push(current.trim());
  return addresses.filter(Boolean);
}
