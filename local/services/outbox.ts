import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { monotonicFactory } from 'ulidx';
import { composeEmail, headerValue, parseEmail, splitAddressList, type HeaderField, type MailAttachment } from './mime';

/** One e-mail the platform sent, as the outbox keeps it. */
export interface OutboxMessage {
  /** The `MessageId` SES answered with. */
  id: string;
  /** ISO 8601. */
  date: string;
  from: string;
  to: string[];
  cc: string[];
  bcc: string[];
  subject: string;
  text: string;
  html?: string;
  /** The SES message tags. */
  tags: Record<string, string>;
  /** The files attached to the message, decoded. */
  attachments: MailAttachment[];
  /** The `.eml` file holding the message. */
  file: string;
}

/** The header SES reads message tags from in raw messages; the outbox keeps the tags in it. */
const TAGS_HEADER = 'X-SES-MESSAGE-TAGS';
const MESSAGE_ID_DOMAIN = 'outbox.kreislauf.local';

/** ULIDs from one factory sort in the order they were made, even within a millisecond. */
const nextId = monotonicFactory();

function parseTags(value: string | undefined): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const pair of (value ?? '').split(',')) {
    const equals = pair.indexOf('=');
    if (equals > 0) tags[pair.slice(0, equals).trim()] = pair.slice(equals + 1).trim();
  }
  return tags;
}

/** RFC 5322 dates: `Tue, 03 Mar 2026 10:15:00 +0000`. */
function rfc5322Date(date: Date): string {
  return date.toUTCString().replace(/GMT$/, '+0000');
}

/**
 * Puts a message into the outbox folder as `<id>.eml`, as SES would send it: with a Message-ID
 * and a Date of our making, and the tags in its `X-SES-MESSAGE-TAGS` header. The file appears
 * whole or not at all, so a reader never sees half a message.
 *
 * @returns the message id (SES's `MessageId`) and the file.
 * @example
 * const { id } = await writeToOutbox('.kreislauf/outbox', [['From', from], ['To', to], ['Subject', 'Hi']], { text }, { template: 'voucher' });
 */
export async function writeToOutbox(
  outboxDir: string,
  fields: HeaderField[],
  bodies: { text?: string; html?: string },
  tags: Record<string, string>,
  attachments: MailAttachment[] = [],
): Promise<{ id: string; file: string }> {
  const id = nextId();
  const added: HeaderField[] = [
    ['Message-ID', `<${id}@${MESSAGE_ID_DOMAIN}>`],
    ['Date', rfc5322Date(new Date())],
  ];
  if (Object.keys(tags).length > 0) {
    added.push([TAGS_HEADER, Object.entries(tags).map(([name, value]) => `${name}=${value}`).join(', ')]);
  }
  const dir = resolve(outboxDir);
  await mkdir(dir, { recursive: true });
  const file = join(dir, `${id}.eml`);
  await writeFile(join(dir, `.${id}.eml.tmp`), composeEmail([...added, ...fields], bodies, attachments));
  await rename(join(dir, `.${id}.eml.tmp`), file);
  return { id, file };
}

function toOutboxMessage(file: string, content: Buffer): OutboxMessage {
  const { headers, text, html, attachments } = parseEmail(content);
  const messageId = headerValue(headers, 'Message-ID') ?? '';
  const date = new Date(headerValue(headers, 'Date') ?? '');
  return {
    id: /^<([^@>]+)@/.exec(messageId)?.[1] ?? messageId,
    date: Number.isNaN(date.getTime()) ? '' : date.toISOString(),
    from: headerValue(headers, 'From') ?? '',
    to: splitAddressList(headerValue(headers, 'To')),
    cc: splitAddressList(headerValue(headers, 'Cc')),
    bcc: splitAddressList(headerValue(headers, 'Bcc')),
    subject: headerValue(headers, 'Subject') ?? '',
    text: text ?? '',
    ...(html === undefined ? {} : { html }),
    tags: parseTags(headerValue(headers, TAGS_HEADER)),
    attachments,
    file,
  };
}

/**
 * Every message in the outbox folder, oldest first (an outbox that does not exist yet is empty).
 *
 * @example
 * const [latest] = (await readOutbox('.kreislauf/outbox')).slice(-1);
 * latest?.tags.passportId;
 */
export async function readOutbox(dir: string): Promise<OutboxMessage[]> {
  const folder = resolve(dir);
  let names: string[];
  try {
    names = await readdir(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const files = names.filter((name) => name.endsWith('.eml') && !name.startsWith('.')).sort();
  return Promise.all(
    files.map(async (name) => {
      const file = join(folder, name);
      return toOutboxMessage(file, await readFile(file));
    }),
  );
}
