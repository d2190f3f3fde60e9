import type { AttentionBasis } from '../domain/attention';

/**
 * A payout that waits for a person: the payout workflow gave up on it (a voucher issuer refusing, a
 * brand's payout configuration missing), or the stalled-passport sweeper stopped re-driving it.
 */
export interface PayoutAttentionNote {
  brand: string;
  passportId: string;
  /** What the NeedsAttention event says. */
  reason: string;
  /** The same as facts, for a reader to word (the staff console); none on a note written before the platform kept them. */
  basis?: AttentionBasis;
  at: string;
}

/** The notes' writing alone: the steps that give up on a payout carry none of the list's reading. */
export interface PayoutAttentionNoting {
  /** Notes the payout; noting it again replaces the reason and the time. */
  note(note: PayoutAttentionNote): Promise<void>;
}

/**
 * The brands' lists of payouts waiting for a person. A note is written before the passport's
 * NeedsAttention event, so a payout that asks a person is on the list even if the event's write
 * is lost; the list's reader forgets the notes of payouts made since.
 */
export interface PayoutAttentionNotes extends PayoutAttentionNoting {
  /** The brand's first `limit` notes, newest passport first. */
  list(brand: string, limit: number): Promise<PayoutAttentionNote[]>;
  /** Forgets the note of a payout that was made. */
  forget(brand: string, passportId: string): Promise<void>;
}
