/** An e-mail to a customer or a brand's staff. SES in AWS; the local cloud's outbox on a laptop. */
export interface EmailMessage {
  /** One address, or several that all receive the one message. */
  to: string | string[];
  from: string;
  subject: string;
  text: string;
  html?: string;
  /** Tags kept with the message (SES message tags), e.g. the passport id and the template name. */
  tags?: Record<string, string>;
  /** Files sent with the message, e.g. a report as a PDF. */
  attachments?: EmailAttachment[];
}

export interface EmailAttachment {
  fileName: string;
  /** The MIME type, e.g. `application/pdf`. */
  contentType: string;
  content: Uint8Array;
}

export interface Notifier {
  send(message: EmailMessage): Promise<{ messageId: string }>;
}
