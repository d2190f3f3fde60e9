import { heldPayoutReason, type HeldPayoutProblem } from '../domain/attention';
import { nextBankDay, remittanceFor, totalOf } from '../domain/brand-payouts';
import type { BrandCatalog } from '../domain/catalog';
import { ConflictError, NotFoundError, UnprocessableError, ValidationError } from '../domain/errors';
import { sepaCarriesAmount } from '../domain/sepa-amounts';
import { buildPain001, type SepaDebtor } from '../domain/sepa-credit-transfer';
import { fitsSepaName, SEPA_NAME_LENGTH } from '../domain/sepa-text';
import type { BlobStore } from '../ports/blob-store';
import type { PassportStore } from '../ports/passport-store';
import type { Passport } from '../domain/passport';
import type { PayoutExportReads, PayoutExportRecord, PayoutExportStore, PayoutRecord } from '../ports/payout-store';
import type { HeldPayout, PayoutExport, PayoutExportList } from '../schemas/payouts';
import type { Staff } from '../http/staff';
import type { BankAccount, BankAccounts } from './bank-accounts';
import { UnreadableSealError } from './field-cipher';
import type { PayoutAttentionList } from './payout-attention';

/** How far ahead an export may ask its bank to pay. */
const MAX_EXECUTION_DAYS_AHEAD = 60;

/** Why a payout's account cannot be read: the sentence its held record keeps, and the facts its NeedsAttention event carries. */
interface Unreadable {
  unreadable: string;
  problem: HeldPayoutProblem;
  keyId?: string;
}

export interface BankPayoutExportDependencies {
  store: PassportStore;
  payouts: PayoutExportStore;
  blobs: BlobStore;
  bankAccounts: BankAccounts;
  now: () => Date;
  newId: () => string;
}

/** Whom a payout pays: its passport and the account opened from it. */
interface Payee {
  passport: Passport;
  account: BankAccount;
}

/** Payouts per file: enough for a busy day, few enough to claim and write within one API request. */
const MAX_PAYOUTS_PER_EXPORT = 200;
/**
 * How long an OPEN export belongs to the request that opened it: longer than an API function may
 * run (30 s), so an export older than this was left by a request that died and may be finished
 * by another. A younger one is still being written, and a second request waits (409).
 */
const EXPORT_LEASE_MS = 60_000;
/**
 * How long after opening its export a request goes on claiming payouts into it: half the lease, so
 * that its last claim lands well before another request may take the export over and read what it
 * holds. Else a request slower than the lease (a function timeout raised above 30 s) could claim a
 * payout into an export another request had finished, and that payout would be in no file. Such a
 * request finishes the export with what it claimed; the rest wait for the next export.
 */
const CLAIM_WINDOW_MS = EXPORT_LEASE_MS / 2;

/**
 * A brand's bank-transfer payouts, batched into SEPA credit-transfer files (pain.001) its admins
 * upload to the brand's bank. Every payout goes into exactly one file: an export claims each
 * payout with a write conditional on it still waiting, so concurrent exports split the payouts
 * between them and never share one.
 */
export class BankPayoutExports {
  constructor(private readonly deps: BankPayoutExportDependencies) {}

  /**
   * Exports the payouts waiting, or first finishes an export an earlier attempt left unfinished.
   *
   * @throws UnprocessableError (422) when the brand has no account configured to pay from, or when
   *   no waiting payout's account opens (they are set aside, listed in the problem's `held`);
   *   ConflictError (409) when no payout is waiting; ValidationError (400) for an execution date in the past.
   */
  async create(brand: string, executionDate: string | undefined, origin: string): Promise<PayoutExport> {
    const catalog = await this.catalog(brand);
    // Checked before anything is claimed: claimed payouts wait in their export until its file is written.
    const debtor = catalog.config.payouts?.sepaDebtor;
    if (!debtor) {
      throw new UnprocessableError(`${catalog.config.name} has no bank account configured to pay from.`);
    }
    const now = this.deps.now();
    if (executionDate !== undefined && executionDate < now.toISOString().slice(0, 10)) {
      throw new ValidationError('The execution date is in the past.', [{ in: 'query', path: ['executionDate'], message: 'must be today or later' }]);
    }
    // Its customers are told the transfer is ordered once it is in a file: a date years ahead (2999-12-31 was taken until
    // 7 December 2026) would tell them so of money that does not come. Banks take files dated up to a few weeks ahead.
    const latest = new Date(now.getTime() + MAX_EXECUTION_DAYS_AHEAD * 86_400_000).toISOString().slice(0, 10);
    if (executionDate !== undefined && executionDate > latest) {
      throw new ValidationError('The execution date is too far ahead.', [
        { in: 'query', path: ['executionDate'], message: `must be at most ${MAX_EXECUTION_DAYS_AHEAD} days from today (${latest})` },
      ]);
    }
    const [unfinished] = await this.deps.payouts.unfinishedExports(brand);
    if (unfinished) {
      if (now.getTime() - Date.parse(unfinished.createdAt) < EXPORT_LEASE_MS) {
        throw new ConflictError('Another export of this brand is being written; retry in a minute.');
      }
      const claimed = await this.deps.payouts.claimedBy(unfinished.exportId);
      if (claimed.length > 0) return view(await this.finish(unfinished, claimed, catalog, debtor), origin);
      // Its request died before it claimed anything: it is discarded, and the waiting payouts go into a new one.
      await this.deps.payouts.completeExport({ ...unfinished, status: 'DISCARDED' });
    }

    // Payouts set aside by an earlier export whose accounts open again (a restored key) go back into
    // the queue first; those still unreadable are named in this answer again, so that none is forgotten.
    const { held, requeued } = await this.requeueReadable(brand);
    // The queue is read from an index, which DynamoDB updates after the table: the payouts just put
    // back may not be in it yet, so they join from here (each only once), oldest first.
    const indexed = await this.deps.payouts.queuedBankPayouts(brand, MAX_PAYOUTS_PER_EXPORT);
    const waiting = oldestFirst([...requeued, ...indexed.filter((payout) => !requeued.some((back) => back.payoutId === payout.payoutId))]).slice(
      0,
      MAX_PAYOUTS_PER_EXPORT,
    );
    if (waiting.length === 0) {
      throw new ConflictError(
        held.length > 0 ? `No bank payouts are waiting for an export; ${held.length} set aside earlier still cannot be opened.` : 'No bank payouts are waiting for an export.',
        { held: sortedHeld(held) },
      );
    }
    // Opened before anything is claimed: a payout whose account does not open is set aside and
    // never blocks the others, nor is its customer told that the transfer was ordered.
    const accounts = new Map<string, Payee>();
    await Promise.all(
      waiting.map(async (payout) => {
        const payee = await this.payeeOf(payout);
        if ('unreadable' in payee) {
          if (await this.hold(payout, payee)) held.push(heldView(payout, payee.unreadable));
        } else {
          accounts.set(payout.payoutId, payee);
        }
      }),
    );
    const queued = waiting.filter((payout) => accounts.has(payout.payoutId));
    if (queued.length === 0) throw nothingReadable(held);
    const record: PayoutExportRecord = {
      exportId: this.deps.newId(),
      brand,
      createdAt: now.toISOString(),
      requestedExecutionDate: executionDate ?? nextBankDay(now),
      status: 'OPEN',
      ...(held.length > 0 ? { held: sortedHeld(held) } : {}),
    };
    // The file written once before anything is claimed: what SEPA's checks refuse in it (a brand's account to pay from
    // saved before those were checked at the save, a brand not in euros) refuses the export, with no payout claimed and
    // no customer told. Until 7 December 2026 it was found after the claim, and every later export failed the same way.
    refuseUnwritableFile(record, queued.map((payout) => ({ payout, payee: accounts.get(payout.payoutId)! })), catalog, debtor);
    await this.deps.payouts.openExport(record);
    const claimed: PayoutRecord[] = [];
    for (const payout of queued) {
      if (this.deps.now().getTime() - now.getTime() >= CLAIM_WINDOW_MS) break;
      const event = { type: 'BankPayoutExported' as const, data: { payoutId: payout.payoutId, exportId: record.exportId } };
      if (await this.deps.payouts.claimForExport(payout, record.exportId, event, record.createdAt)) claimed.push({ ...payout, status: 'EXPORTED', exportId: record.exportId });
    }
    return view(await this.finish(record, claimed, catalog, debtor, accounts), origin);
  }

  /**
   * Writes the file of the claimed payouts and marks the export READY. A claimed payout whose
   * account does not open (an export taken over after the key changed) is set aside as HELD.
   */
  private async finish(
    record: PayoutExportRecord,
    claimed: PayoutRecord[],
    catalog: BrandCatalog,
    debtor: SepaDebtor,
    opened: ReadonlyMap<string, Payee> = new Map(),
  ): Promise<PayoutExportRecord> {
    if (claimed.length === 0) {
      await this.deps.payouts.completeExport({ ...record, status: 'DISCARDED' });
      // What this request set aside is still told, so that no answer leaves it out.
      throw new ConflictError('No bank payouts are waiting for an export: concurrent exports took them.', { held: record.held ?? [] });
    }
    const held = [...(record.held ?? [])];
    const payees = await Promise.all(claimed.map(async (payout) => ({ payout, payee: opened.get(payout.payoutId) ?? (await this.payeeOf(payout)) })));
    const exported: { payout: PayoutRecord; payee: Payee }[] = [];
    for (const { payout, payee } of payees) {
      if (!('unreadable' in payee)) exported.push({ payout, payee });
      else if (await this.hold(payout, payee)) held.push(heldView(payout, payee.unreadable));
      else throw new ConflictError('Another request is finishing this export; list the exports to find it.');
    }
    if (exported.length === 0) {
      await this.deps.payouts.completeExport({ ...record, status: 'DISCARDED', held: sortedHeld(held) });
      throw nothingReadable(held);
    }
    // An export taken over after its claim: the file's checks say what to put right (the export stays open, and the
    // next request finishes it), not a 400 at fields of a request that has no body.
    refuseUnwritableFile(record, exported, catalog, debtor);
    const xml = pain001Of(record, exported, catalog, debtor);
    const fileKey = `exports/payouts/${record.brand}/${record.exportId}.xml`;
    await this.deps.blobs.put(fileKey, Buffer.from(xml, 'utf8'), 'application/xml');
    const inFile = exported.map(({ payout }) => payout);
    const completed: PayoutExportRecord = {
      ...record,
      status: 'READY',
      fileKey,
      count: inFile.length,
      total: totalOf(
        inFile.map((payout) => payout.amount),
        catalog.config.currency,
      ),
      payouts: inFile.map(({ payoutId, passportId, amount, ibanMasked }) => ({ payoutId, passportId, amount, ibanMasked: ibanMasked ?? '' })),
      ...(held.length > 0 ? { held: sortedHeld(held) } : {}),
    };
    if (!(await this.deps.payouts.completeExport(completed))) {
      throw new ConflictError('Another request finished this export at the same time; list the exports to find it.');
    }
    return completed;
  }

  /**
   * The passport and opened account a payout pays to, or why it cannot be paid: no account on the
   * passport, one that does not open, or a holder's name the file cannot carry (accepted before the
   * take-back checked it as the file writes it). Any other error (the key's secret not read) is thrown.
   */
  private async payeeOf(payout: PayoutRecord): Promise<Payee | Unreadable> {
    // A transfer of 0 (queued until 7 December 2026) or of more than a file carries: in the file's own check it refused
    // the brand's every export. Set aside, it stops only itself, and asks nothing of its customer (see `hold`).
    if (!sepaCarriesAmount(payout.amount.amount)) {
      return { unreadable: 'Its amount is outside the 0.01 to 999,999,999.99 a SEPA credit transfer carries.', problem: 'AMOUNT_OUT_OF_RANGE' };
    }
    const passport = await this.deps.store.getPassport(payout.passportId);
    if (!passport?.payout.bankAccount) return { unreadable: 'Its passport holds no bank account.', problem: 'NO_BANK_ACCOUNT' };
    let account: BankAccount;
    try {
      account = await this.deps.bankAccounts.open(passport.id, passport.payout.bankAccount);
    } catch (error) {
      if (error instanceof UnreadableSealError) return { unreadable: error.message, problem: error.problem, ...(error.keyId ? { keyId: error.keyId } : {}) };
      throw error;
    }
    // Checked here, before the payout is claimed: in the file's own check it failed the whole export after every payout
    // of it had been claimed and its customer told the transfer was ordered (until 7 December 2026).
    if (!fitsSepaName(account.accountHolder)) {
      return { unreadable: `Its account holder's name is longer than the ${SEPA_NAME_LENGTH} characters a bank file holds.`, problem: 'NAME_TOO_LONG' };
    }
    return { passport, account };
  }

  /**
   * Sets the payout aside (HELD) with a NeedsAttention event; false when another request moved it first. The event
   * names the payout for its customer to enter the account again, unless the account is not at fault (its amount).
   */
  private async hold(payout: PayoutRecord, { unreadable, problem, keyId }: Unreadable): Promise<boolean> {
    const basis = { kind: 'PAYOUT_HELD' as const, payoutId: payout.payoutId, problem, ...(keyId ? { keyId } : {}) };
    const customerCanHelp = problem !== 'AMOUNT_OUT_OF_RANGE';
    const event = { type: 'NeedsAttention' as const, data: { reason: heldPayoutReason(basis), basis, ...(customerCanHelp ? { heldPayoutId: payout.payoutId } : {}) } };
    return this.deps.payouts.holdBankPayout(payout, unreadable, event, this.deps.now().toISOString());
  }

  /** Queues again each HELD payout whose account opens now; resolves with those that stay HELD. */
  /** Puts the set-aside payouts whose accounts open again back in the queue: those, as queued now, and the ones still set aside. */
  private async requeueReadable(brand: string): Promise<{ held: HeldPayout[]; requeued: PayoutRecord[] }> {
    const set = await this.deps.payouts.heldBankPayouts(brand, MAX_PAYOUTS_PER_EXPORT);
    const held: HeldPayout[] = [];
    const requeued: PayoutRecord[] = [];
    await Promise.all(
      set.map(async (payout) => {
        const payee = await this.payeeOf(payout);
        if ('unreadable' in payee) held.push(heldView(payout, payee.unreadable));
        else if (await this.deps.payouts.requeueBankPayout(payout)) requeued.push(queuedAgain(payout));
      }),
    );
    return { held: sortedHeld(held), requeued };
  }

  private async catalog(brand: string): Promise<BrandCatalog> {
    const catalog = await this.deps.store.getCatalog(brand);
    if (!catalog) throw new NotFoundError(`No brand ${brand}.`);
    return catalog;
  }
}

/** The SEPA file of an export's payouts. @throws ValidationError, UnprocessableError as `buildPain001` does. */
function pain001Of(record: PayoutExportRecord, exported: { payout: PayoutRecord; payee: Payee }[], catalog: BrandCatalog, debtor: SepaDebtor): string {
  return buildPain001({
    messageId: record.exportId,
    createdAt: new Date(record.createdAt),
    requestedExecutionDate: record.requestedExecutionDate,
    debtor,
    payments: exported.map(({ payout, payee }) => ({
      endToEndId: payout.payoutId,
      amount: payout.amount.amount,
      currency: payout.amount.currency,
      creditorName: payee.account.accountHolder,
      creditorIban: payee.account.iban,
      remittance: remittanceFor({ brandName: catalog.config.name, productName: payee.passport.product.name, passportId: payee.passport.id }),
    })),
  });
}

/**
 * Writes the file of payouts not yet claimed, to see that SEPA's checks take it.
 *
 * @throws UnprocessableError (422) naming each field the checks refuse, in the file's terms (`debtor.name`, a
 *   payment by its payout id): the request's own fields are not at fault, so it lists no request field.
 */
function refuseUnwritableFile(record: PayoutExportRecord, payees: { payout: PayoutRecord; payee: Payee }[], catalog: BrandCatalog, debtor: SepaDebtor): void {
  try {
    pain001Of(record, payees, catalog, debtor);
  } catch (error) {
    if (!(error instanceof ValidationError) && !(error instanceof UnprocessableError)) throw error;
    const fields = error.issues.map(({ path, message }) => {
      const [part, index, ...rest] = path;
      const payment = part === 'payments' && typeof index === 'number' ? payees[index]?.payout.payoutId : undefined;
      return `${payment ? [`payment ${payment}`, ...rest].join('.') : path.join('.')}: ${message}`;
    });
    throw new UnprocessableError(
      `The bank file cannot be written, so nothing was exported (check the brand's payout settings): ${fields.join('; ')}.`,
    );
  }
}

/** A set-aside payout as the queue holds it once put back. */
function queuedAgain(payout: PayoutRecord): PayoutRecord {
  const { held: _held, ...rest } = payout;
  return { ...rest, status: 'QUEUED' };
}

/** Payouts in the queue's order: the oldest first, as the index sorts them. */
function oldestFirst(payouts: PayoutRecord[]): PayoutRecord[] {
  return payouts.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.payoutId.localeCompare(b.payoutId));
}

/**
 * The brand's exports, newest first, the payouts set aside now with the reason each was set aside
 * for, and the payouts waiting for a person: the list needs neither the bucket nor the
 * bank-account key.
 */
export async function listPayoutExports(
  deps: { payouts: Pick<PayoutExportReads, 'listExports' | 'heldBankPayouts'>; attention: Pick<PayoutAttentionList, 'awaiting'> },
  staff: Staff,
  page: { limit: number; cursor?: string },
  origin: string,
): Promise<PayoutExportList> {
  const [exports, held, awaiting] = await Promise.all([
    deps.payouts.listExports(staff.brand, page.limit, page.cursor),
    deps.payouts.heldBankPayouts(staff.brand, MAX_PAYOUTS_PER_EXPORT),
    deps.attention.awaiting(staff),
  ]);
  return {
    exports: exports.exports.map((record) => view(record, origin)),
    ...(exports.cursor ? { cursor: exports.cursor } : {}),
    held: held.map((payout) => heldView(payout, payout.held?.reason ?? 'its bank account cannot be opened')),
    awaiting,
  };
}

/** The pain.001 file of one of the brand's exports. */
export async function payoutExportFile(
  deps: { payouts: Pick<PayoutExportReads, 'getExport'>; blobs: BlobStore },
  brand: string,
  exportId: string,
): Promise<Uint8Array> {
  const record = await deps.payouts.getExport(brand, exportId);
  const file = record?.status === 'READY' && record.fileKey ? await deps.blobs.get(record.fileKey) : undefined;
  if (!file) throw new NotFoundError(`No payout export ${exportId}.`);
  return file.body;
}

function heldView(payout: PayoutRecord, reason: string): HeldPayout {
  return { payoutId: payout.payoutId, passportId: payout.passportId, amount: payout.amount, ibanMasked: payout.ibanMasked ?? '', reason };
}

/** Oldest first, as they waited in the queue (payout ids are ULIDs). */
function sortedHeld(held: HeldPayout[]): HeldPayout[] {
  return [...held].sort((a, b) => (a.payoutId < b.payoutId ? -1 : a.payoutId > b.payoutId ? 1 : 0));
}

function nothingReadable(held: HeldPayout[]): Error {
  if (held.length === 0) return new ConflictError('No bank payouts are waiting for an export: concurrent exports set them aside.', { held: [] });
  return new UnprocessableError(
    `No payout could be exported: ${held.length === 1 ? 'the one transfer waiting is' : `all ${held.length} transfers waiting are`} set aside, as the bank accounts they pay to cannot be opened. ` +
      'Each goes into the next export once its account opens again.',
    [],
    { held: sortedHeld(held) },
  );
}

function view(record: PayoutExportRecord, origin: string): PayoutExport {
  return {
    exportId: record.exportId,
    createdAt: record.createdAt,
    requestedExecutionDate: record.requestedExecutionDate,
    count: record.count ?? 0,
    total: record.total ?? { amount: 0, currency: 'EUR' },
    fileUrl: `${origin}/v1/payouts/exports/${record.exportId}/file`,
    payouts: record.payouts ?? [],
    held: record.held ?? [],
  };
}
