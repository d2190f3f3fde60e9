import { createHash } from 'node:crypto';

/**
 * A customer's identity across take-backs: the SHA-256 of their normalised e-mail address, so that
 * what counts a customer's take-backs (paid ones, label e-mails per day) holds no address.
 */
export function customerEmailHash(email: string): string {
  return createHash('sha256').update(email.trim().toLowerCase()).digest('hex');
}
