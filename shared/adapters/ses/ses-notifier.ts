import { type SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { EmailMessage, Notifier } from '../../ports/notifier';

/** The Notifier on Amazon SES (API v2). Locally the same calls land in the local cloud's outbox. */
export class SesNotifier implements Notifier {
  constructor(private readonly ses: SESv2Client, private readonly configurationSet?: string) {}

  async send(message: EmailMessage): Promise<{ messageId: string }> {
    const result = await this.ses.send(
      new SendEmailCommand({
        FromEmailAddress: message.from,
        Destination: { ToAddresses: [message.to].flat() },
        Content: {
          Simple: {
            Subject: { Data: message.subject, Charset: 'UTF-8' },
            Body: {
              Text: { Data: message.text, Charset: 'UTF-8' },
              ...(message.html ? { Html: { Data: message.html, Charset: 'UTF-8' } } : {}),
            },
            ...(message.attachments?.length
              ? {
                  Attachments: message.attachments.map((attachment) => ({
                    FileName: attachment.fileName,
                    ContentType: attachment.contentType,
                    ContentDisposition: 'ATTACHMENT' as const,
                    ContentTransferEncoding: 'BASE64' as const,
                    RawContent: attachment.content,
                  })),
                }
              : {}),
          },
        },
        // SES tag values allow only [A-Za-z0-9_-.@]: ids and template names fit.
        EmailTags: Object.entries(message.tags ?? {}).map(([Name, Value]) => ({ Name, Value })),
        ...(this.configurationSet ? { ConfigurationSetName: this.configurationSet } : {}),
      }),
    );
    if (!result.MessageId) throw new Error('SES accepted the message but returned no MessageId.');
    return { messageId: result.MessageId };
  }
}
