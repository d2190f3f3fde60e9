/** An e-mail to a customer or a brand's staff. SES in AWS; the local cloud's outbox on a laptop. */
export interface EmailMessage {
  to: string;
  from: string;
  subject: string;
  text: string;
  html?: string;
  /** Tags kept with the message (SES message tags), e.g. the passport id and the template name. */
  tags?: Record<string, string>;
}

export interface Notifier {
  send(message: EmailMessage): Promise<{ messageId: string }>;
}
