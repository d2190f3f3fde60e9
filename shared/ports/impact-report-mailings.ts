/**
 * The record of each brand's monthly impact report e-mail, which makes it one per brand and month
 * whatever the schedule does (fires twice, retries, runs again later the same day): the e-mail is
 * claimed before it is sent and marked sent after.
 */
export interface ImpactReportMailings {
  /**
   * Claims the e-mail of the brand's month: `true` for the first caller, and for one that finds a
   * claim older than `leaseMs` whose holder never marked it sent (it crashed before sending);
   * `false` once it was sent or while another run holds the claim.
   */
  claim(brand: string, month: string, at: string, leaseMs: number): Promise<boolean>;
  /** Records that SES took the e-mail; the claim can no longer be taken over. */
  markSent(brand: string, month: string, sent: { at: string; messageId: string; recipients: string[] }): Promise<void>;
  /** Gives the claim back after the e-mail could not be sent, so the next run sends it. */
  release(brand: string, month: string): Promise<void>;
}
