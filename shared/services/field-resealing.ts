import type { SealedFields } from '../ports/sealed-fields';
import { UnreadableSealError, type FieldCipher } from './field-cipher';

/** A run names at most this many values that do not open; it counts them all. */
const UNREADABLE_LISTED = 100;

export interface UnreadableField {
  purpose: string;
  /** The record (a passport id, `{brand}/{subscriptionId}`, `{brand}/{partnerId}`): no personal data. */
  context: string;
  reason: string;
}

export interface ResealReport {
  /** Items read. */
  scanned: number;
  /** Values sealed again under the current key. */
  resealed: number;
  /** Values that already were. */
  current: number;
  /** Values that changed between the read and the write: written anew meanwhile, so sealed by then under the key current then. */
  changedMeanwhile: number;
  unreadableCount: number;
  /** The first {@link UNREADABLE_LISTED} values that do not open: left as they are. */
  unreadable: UnreadableField[];
  /** Whether the run reached the table's end; if not, the next run starts at `cursor`. */
  done: boolean;
  cursor?: string;
}

/**
 * After a rotation of the `FieldKey` secret (docs/field-keys.md): seals every stored value again under
 * the ring's current key, page by page, each write conditional on the value being the one read, so
 * a value the platform wrote meanwhile is never replaced by an older one. A value that does not open
 * is left as it is and reported; a secret that cannot be read or is no valid ring stops the run.
 */
export class FieldResealing {
  constructor(private readonly deps: { fields: SealedFields; cipher: FieldCipher }) {}

  /** From `cursor` (the start when absent) while `more()` says so after each page. */
  async run(cursor: string | undefined, more: () => boolean): Promise<ResealReport> {
    const report: ResealReport = { scanned: 0, resealed: 0, current: 0, changedMeanwhile: 0, unreadableCount: 0, unreadable: [], done: false };
    let next = cursor;
    do {
      const page = await this.deps.fields.page(next);
      report.scanned += page.scanned;
      for (const field of page.fields) {
        let again: string | undefined;
        try {
          again = await this.deps.cipher.resealed(field.purpose, field.context, field.sealed);
        } catch (error) {
          if (!(error instanceof UnreadableSealError)) throw error;
          report.unreadableCount += 1;
          if (report.unreadable.length < UNREADABLE_LISTED) report.unreadable.push({ purpose: field.purpose, context: field.context, reason: error.message });
          continue;
        }
        if (again === undefined) report.current += 1;
        else if (await this.deps.fields.replace(field, again)) report.resealed += 1;
        else report.changedMeanwhile += 1;
      }
      next = page.cursor;
    } while (next !== undefined && more());
    return { ...report, done: next === undefined, ...(next === undefined ? {} : { cursor: next }) };
  }
}
