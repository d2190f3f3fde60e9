import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SendEmailCommand, SESv2Client, type SendEmailCommandInput } from '@aws-sdk/client-sesv2';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startLocalAwsEndpoint, type LocalAwsEndpoint } from '../../local/services/aws-endpoint';
import { readOutbox } from '../../local/services/outbox';

const region = 'eu-central-1';
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

let aws: LocalAwsEndpoint;
let root: string;
let outboxDir: string;
let ses: SESv2Client;
let run = 0;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'kreislauf-ses-'));
});

beforeEach(async () => {
  outboxDir = join(root, `outbox-${run++}`);
  aws = await startLocalAwsEndpoint({ outboxDir, region, account: '000000000000', log: () => undefined });
  ses = new SESv2Client({ endpoint: aws.endpoint, region, credentials });
});

afterEach(async () => {
  ses.destroy();
  await aws.stop();
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

function simple(overrides: Partial<SendEmailCommandInput> = {}): SendEmailCommandInput {
  return {
    FromEmailAddress: 'Kreislauf <noreply@kreislauf.example>',
    Destination: { ToAddresses: ['jane@example.com'] },
    Content: { Simple: { Subject: { Data: 'Your trade-in' }, Body: { Text: { Data: 'Thanks!' } } } },
    ...overrides,
  };
}

describe('SESv2 SendEmail', () => {
  it('writes a text and HTML message in UTF-8 to the outbox and reads it back', async () => {
    const text = `Hallo Jürgen,\n\nwir haben Ihre Jacke erhalten. Gutschrift: 42,50 €.\n${'Lange Zeile mit Umlauten äöü '.repeat(8)}\n`;
    const html = '<p>Hallo J&uuml;rgen, <b>danke</b> – 42,50 €</p>';

    const { MessageId } = await ses.send(
      new SendEmailCommand({
        FromEmailAddress: 'Kreislauf <noreply@kreislauf.example>',
        Destination: { ToAddresses: ['juergen@example.com', 'second@example.com'], CcAddresses: ['ops@acme.example'], BccAddresses: ['audit@acme.example'] },
        ReplyToAddresses: ['support@acme.example'],
        Content: {
          Simple: {
            Subject: { Data: 'Ihre Rücksendung ist angekommen – Gutschrift über 42,50 € folgt in Kürze', Charset: 'UTF-8' },
            Body: { Text: { Data: text }, Html: { Data: html } },
          },
        },
        EmailTags: [
          { Name: 'passportId', Value: '01JNQ5ZK4S8Y3W2V1T0R9P8N7M' },
          { Name: 'template', Value: 'parcel-received' },
        ],
      }),
    );

    const [message, ...others] = await readOutbox(outboxDir);
    expect(others).toHaveLength(0);
    expect(message).toMatchObject({
      id: MessageId,
      from: 'Kreislauf <noreply@kreislauf.example>',
      to: ['juergen@example.com', 'second@example.com'],
      cc: ['ops@acme.example'],
      bcc: ['audit@acme.example'],
      subject: 'Ihre Rücksendung ist angekommen – Gutschrift über 42,50 € folgt in Kürze',
      text,
      html,
      tags: { passportId: '01JNQ5ZK4S8Y3W2V1T0R9P8N7M', template: 'parcel-received' },
    });
    expect(Date.now() - Date.parse(message!.date)).toBeLessThan(60_000);
    expect(message!.file).toBe(join(outboxDir, `${MessageId}.eml`));
  });

  it('writes an RFC 5322 file: CRLF lines of at most 78 characters, ASCII only, with the usual headers', async () => {
    await ses.send(
      new SendEmailCommand(
        simple({
          Content: {
            Simple: {
              Subject: { Data: 'Gutschrift über 42,50 € für Ihre Jacke' },
              Body: { Text: { Data: 'Grüße '.repeat(40) }, Html: { Data: '<p>Grüße</p>' } },
            },
          },
        }),
      ),
    );

    const [message] = await readOutbox(outboxDir);
    const raw = await readFile(message!.file, 'latin1');
    const lines = raw.split('\r\n');
    expect(raw.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(lines.every((line) => line.length <= 78)).toBe(true);
    expect(raw).toMatch(/^[\x00-\x7f]*$/);
    const header = raw.slice(0, raw.indexOf('\r\n\r\n')).replace(/\r\n[ \t]/g, ' ');
    expect(header).toMatch(/^Message-ID: <[^@>]+@[^>]+>$/m);
    expect(header).toMatch(/^Date: \w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} \+0000$/m);
    expect(header).toMatch(/^MIME-Version: 1\.0$/m);
    expect(header).toMatch(/^Subject: =\?UTF-8\?B\?/m);
    expect(header).toMatch(/^Content-Type: multipart\/alternative; boundary=/m);
    expect(raw).toContain('Content-Type: text/plain; charset=UTF-8');
    expect(raw).toContain('Content-Type: text/html; charset=UTF-8');
    expect(raw).toContain('Content-Transfer-Encoding: quoted-printable');
  });

  it('writes a text-only message as a single text part', async () => {
    await ses.send(new SendEmailCommand(simple()));

    const [message] = await readOutbox(outboxDir);
    expect(message!.text).toBe('Thanks!');
    expect(message!.html).toBeUndefined();
    expect(await readFile(message!.file, 'utf8')).not.toContain('multipart');
  });

  it('writes the attachments of Simple content beside the body, and reads them back byte for byte', async () => {
    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from(Array.from({ length: 300 }, (_, i) => i % 256))]);

    await ses.send(
      new SendEmailCommand(
        simple({
          Content: {
            Simple: {
              Subject: { Data: 'Wirkungsbericht März 2026' },
              Body: { Text: { Data: 'Im Anhang der Bericht.' } },
              Attachments: [{ FileName: 'impact-report-demo-2026-03.pdf', ContentType: 'application/pdf', RawContent: pdf }],
            },
          },
        }),
      ),
    );

    const [message] = await readOutbox(outboxDir);
    expect(message!.text).toBe('Im Anhang der Bericht.');
    expect(message!.attachments).toEqual([{ fileName: 'impact-report-demo-2026-03.pdf', contentType: 'application/pdf', content: pdf }]);
    const raw = await readFile(message!.file, 'latin1');
    expect(raw).toMatch(/^Content-Type: multipart\/mixed; boundary=/m);
    expect(raw.split('\r\n').every((line) => line.length <= 78)).toBe(true);
  });

  it('writes no attachments for a message without them', async () => {
    await ses.send(new SendEmailCommand(simple()));

    const [message] = await readOutbox(outboxDir);
    expect(message!.attachments).toEqual([]);
  });

  it('lists the outbox oldest first', async () => {
    for (const subject of ['first', 'second', 'third']) {
      await ses.send(new SendEmailCommand(simple({ Content: { Simple: { Subject: { Data: subject }, Body: { Text: { Data: subject } } } } })));
    }

    expect((await readOutbox(outboxDir)).map((message) => message.subject)).toEqual(['first', 'second', 'third']);
  });

  it('is reached by the SDK through AWS_ENDPOINT_URL_SESV2', async () => {
    const previous = process.env.AWS_ENDPOINT_URL_SESV2;
    process.env.AWS_ENDPOINT_URL_SESV2 = aws.endpoint;
    try {
      const fromEnvironment = new SESv2Client({ region, credentials });
      const { MessageId } = await fromEnvironment.send(new SendEmailCommand(simple()));
      expect((await readOutbox(outboxDir)).map((message) => message.id)).toEqual([MessageId]);
    } finally {
      if (previous === undefined) delete process.env.AWS_ENDPOINT_URL_SESV2;
      else process.env.AWS_ENDPOINT_URL_SESV2 = previous;
    }
  });

  it.each<[string, Partial<SendEmailCommandInput>]>([
    ['no recipient', { Destination: {} }],
    ['more than 50 recipients', { Destination: { ToAddresses: Array.from({ length: 51 }, (_, i) => `r${i}@example.com`) } }],
    ['an address without a domain', { Destination: { ToAddresses: ['jane'] } }],
    ['a display name that is not ASCII', { FromEmailAddress: 'Jürgen <j@example.com>' }],
    ['a tag value with a dot', { EmailTags: [{ Name: 'template', Value: 'voucher.issued' }] }],
    ['a body without text or HTML', { Content: { Simple: { Subject: { Data: 's' }, Body: {} } } }],
    ['template content', { Content: { Template: { TemplateName: 'welcome', TemplateData: '{}' } } }],
    [
      'an attachment SES does not send',
      { Content: { Simple: { Subject: { Data: 's' }, Body: { Text: { Data: 't' } }, Attachments: [{ FileName: 'setup.exe', RawContent: Buffer.from('MZ') }] } } },
    ],
    ['raw content, which the platform does not send', { Content: { Raw: { Data: Buffer.from('From: shop@acme.example\r\nTo: jane@example.com\r\n\r\nHi') } } }],
  ])('answers %s with a 400 BadRequestException and writes nothing', async (_case, overrides) => {
    await expect(ses.send(new SendEmailCommand(simple(overrides)))).rejects.toMatchObject({
      name: 'BadRequestException',
      $metadata: { httpStatusCode: 400 },
    });
    expect(await readOutbox(outboxDir)).toEqual([]);
  });
});

describe('readOutbox', () => {
  it('finds no messages in an outbox that does not exist yet', async () => {
    expect(await readOutbox(join(root, 'never-written'))).toEqual([]);
  });

  it('leaves no temporary files behind', async () => {
    await ses.send(new SendEmailCommand(simple()));
    expect((await readdir(outboxDir)).filter((name) => !name.endsWith('.eml'))).toEqual([]);
  });
});
