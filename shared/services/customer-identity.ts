import { createHash } from 'node:crypto';
import { mailboxOf } from '../domain/email-address';

/**
 * A customer's identity across take-backs: the SHA-256 of their normalised e-mail address, so that
 * what counts a customer's take-backs (paid ones, the index an erasure finds them by) holds no address.
 */
export function customerEmailHash(email: string): string {
  return sha256(email.trim().toLowerCase());
}

/**
 * The SHA-256 of the mailbox the address delivers to (`mailboxOf`: without its `+tag`), which counts the label e-mails
 * a mailbox is sent a day. For an address without a tag it is the address's {@link customerEmailHash}, so that the
 * counters kept before the cap counted mailboxes (until 7 December 2026) count on.
 */
export function mailboxHash(email: string): string {
  return sha256(mailboxOf(email));
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
