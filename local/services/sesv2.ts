import { AwsServiceError, type AwsService } from './aws-protocol';
import type { HeaderField, MailAttachment } from './mime';
import { writeToOutbox } from './outbox';

/** SES's limit of recipients per message. */
const MAX_RECIPIENTS = 50;
const TAG_PART = /^[A-Za-z0-9_-]{1,256}$/;
/** SES's limit of a message with its attachments, after encoding. */
const MAX_MESSAGE_BYTES = 40 * 1024 * 1024;
/** File types SES refuses to send as attachments (a sample of its list: the executable and script ones). */
const REFUSED_EXTENSIONS = new Set(['ade', 'adp', 'app', 'bat', 'chm', 'cmd', 'com', 'cpl', 'exe', 'hta', 'jar', 'js', 'jse', 'lnk', 'msi', 'pif', 'ps1', 'reg', 'scr', 'vb', 'vbe', 'vbs', 'wsf']);

function badRequest(message: string): AwsServiceError {
  return new AwsServiceError('BadRequestException', message);
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** The `Data` of an SES `Content` member (`{ Data, Charset }`), when it is a string. */
function contentData(value: unknown): string | undefined {
  const data = record(value)?.Data;
  return typeof data === 'string' ? data : undefined;
}

/**
 * SES takes 7-bit ASCII addresses only (no SMTPUTF8): display names that are not ASCII must come
 * RFC 2047 encoded, and domains as punycode.
 */
function validateAddress(address: unknown, field: string): string {
  if (typeof address !== 'string' || address.trim() === '') throw badRequest(`${field} contains an empty address.`);
  if (!/^[\x20-\x7e]+$/.test(address)) {
    throw badRequest(`Illegal address in ${field}: ${address} (use ASCII, RFC 2047 for display names and punycode for domains).`);
  }
  const addrSpec = /<([^>]*)>\s*$/.exec(address)?.[1] ?? address.trim();
  if (!addrSpec.includes('@')) throw badRequest(`Missing final '@domain' in ${field}: ${address}`);
  if (!/^[^\s@<>()[\]\\,;:]+@[^\s@<>()[\]\\,;:]+$/.test(addrSpec)) throw badRequest(`Illegal address in ${field}: ${address}`);
  return address.trim();
}

function addressList(value: unknown, field: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw badRequest(`${field} must be a list of addresses.`);
  return value.map((address) => validateAddress(address, field));
}

function emailTags(value: unknown): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (!Array.isArray(value)) throw badRequest('EmailTags must be a list of { Name, Value }.');
  const tags: Record<string, string> = Object.create(null);
  for (const tag of value) {
    const { Name: name, Value: tagValue } = record(tag) ?? {};
    if (typeof name !== 'string' || !TAG_PART.test(name)) {
      throw badRequest(`Invalid tag name <${String(name)}>: only ASCII letters, numbers, '_' and '-' are allowed, at most 256 characters.`);
    }
    if (typeof tagValue !== 'string' || !TAG_PART.test(tagValue)) {
      throw badRequest(`Invalid tag value <${String(tagValue)}> of tag ${name}: only ASCII letters, numbers, '_' and '-' are allowed, at most 256 characters.`);
    }
    tags[name] = tagValue;
  }
  return tags;
}

/**
 * The `Attachments` of Simple content, which the SDK sends base64-encoded, validated like SES: a
 * file name each, no executable file types, at most 40 MB in all.
 */
function attachments(value: unknown): MailAttachment[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw badRequest('Attachments must be a list.');
  const files = value.map((entry): MailAttachment => {
    const attachment = record(entry) ?? {};
    const { FileName: fileName, RawContent: rawContent, ContentType: contentType } = attachment;
    if (typeof fileName !== 'string' || fileName.trim() === '') throw badRequest('Every attachment needs a FileName.');
    if (typeof rawContent !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(rawContent)) throw badRequest(`Attachment ${fileName} needs its RawContent base64-encoded.`);
    const extension = /\.([^.]+)$/.exec(fileName)?.[1]?.toLowerCase();
    if (extension && REFUSED_EXTENSIONS.has(extension)) throw badRequest(`Attachment type .${extension} of ${fileName} is not supported.`);
    return { fileName, contentType: typeof contentType === 'string' ? contentType : 'application/octet-stream', content: Buffer.from(rawContent, 'base64') };
  });
  const bytes = files.reduce((sum, file) => sum + Math.ceil(file.content.length / 3) * 4, 0);
  if (bytes > MAX_MESSAGE_BYTES) throw badRequest(`Message length is more than ${MAX_MESSAGE_BYTES} bytes.`);
  return files;
}

/** The header fields, bodies and attachments of a message with Simple content, validated like SES. */
function simpleMessage(
  input: Record<string, unknown>,
  simple: Record<string, unknown>,
): { fields: HeaderField[]; bodies: { text?: string; html?: string }; attachments: MailAttachment[] } {
  if (input.FromEmailAddress === undefined) throw badRequest('FromEmailAddress is required for Simple content.');
  const from = validateAddress(input.FromEmailAddress, 'FromEmailAddress');
  const destination = record(input.Destination) ?? {};
  const to = addressList(destination.ToAddresses, 'ToAddresses');
  const cc = addressList(destination.CcAddresses, 'CcAddresses');
  const bcc = addressList(destination.BccAddresses, 'BccAddresses');
  const replyTo = addressList(input.ReplyToAddresses, 'ReplyToAddresses');
  const recipients = to.length + cc.length + bcc.length;
  if (recipients === 0) throw badRequest('Destination must have at least one address in ToAddresses, CcAddresses or BccAddresses.');
  if (recipients > MAX_RECIPIENTS) throw badRequest(`Recipient count exceeds ${MAX_RECIPIENTS}.`);

  const subject = contentData(simple.Subject);
  if (subject === undefined) throw badRequest('Simple content needs a Subject with Data.');
  const body = record(simple.Body);
  const text = contentData(body?.Text);
  const html = contentData(body?.Html);
  if (text === undefined && html === undefined) throw badRequest('Simple content needs a Body with Text or Html.');

  const fields: HeaderField[] = [['From', from]];
  if (to.length > 0) fields.push(['To', to.join(', ')]);
  if (cc.length > 0) fields.push(['Cc', cc.join(', ')]);
  // Kept in the file so that the outbox shows every recipient; a real transfer would strip it.
  if (bcc.length > 0) fields.push(['Bcc', bcc.join(', ')]);
  if (replyTo.length > 0) fields.push(['Reply-To', replyTo.join(', ')]);
  fields.push(['Subject', subject]);
  return { fields, bodies: { text, html }, attachments: attachments(simple.Attachments) };
}

/**
 * The local SESv2: `SendEmail` (REST-JSON, `POST /v2/email/outbound-emails`) with Simple content
 * and its attachments, the one kind the platform sends, validated like SES, writing each message
 * into the outbox folder instead of sending it.
 */
export function createSesV2(options: { outboxDir: string }): AwsService {
  return {
    name: 'SESv2',
    routes: [
      {
        method: 'POST',
        path: '/v2/email/outbound-emails',
        handle: async (input) => {
          const content = record(input.Content);
          const kinds = ['Simple', 'Raw', 'Template'].filter((kind) => content?.[kind] !== undefined);
          if (!content || kinds.length !== 1) throw badRequest('Content must have exactly one of Simple, Raw or Template.');
          if (kinds[0] !== 'Simple') throw badRequest('The local SES takes Simple content only, the kind the platform sends.');
          const tags = emailTags(input.EmailTags);
          const message = simpleMessage(input, record(content.Simple) ?? {});
          const { id } = await writeToOutbox(options.outboxDir, message.fields, message.bodies, tags, message.attachments);
          return { MessageId: id };
        },
      },
    ],
  };
}
