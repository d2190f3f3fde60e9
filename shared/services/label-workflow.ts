import { labelFailureReason } from '../domain/attention';
import { failureMessageOf } from './workflow-failures';
import { DEFAULT_TIME_ZONE } from '../domain/calendar';
import { dhlReceiverFor } from '../domain/catalog';
import { ConflictError, NotFoundError } from '../domain/errors';
import { labelMayBeMadeAgain } from '../domain/label-retry';
import { PASSPORT_STATES, type PassportState } from '../domain/lifecycle';
import type { Passport } from '../domain/passport';
import { renderLabelEmail } from '../domain/emails/label-email';
import { takeBackLabelKeys } from '../domain/label-files';
import { shippingDeadline } from '../domain/offer';
import type { BlobStore } from '../ports/blob-store';
import type { LabelCarrier } from '../ports/label-carrier';
import type { Notifier } from '../ports/notifier';
import type { GuardedClaims, PassportRecords, PassportStore } from '../ports/passport-store';
import { trackingPageUrl } from '../domain/web-links';
import { retryingConcurrentChanges } from './concurrent-changes';
import { trackingTokenFor } from './tokens';
import { customerParty, existingPassport } from './passports';

/** What the label step needs: the passports and the brand's configuration, the bucket and the carrier. */
export interface LabelCreationDependencies {
  store: PassportStore;
  blobs: BlobStore;
  carrier: () => Promise<LabelCarrier>;
  now: () => Date;
}

/** What the label e-mail step needs: the passports and the brand's configuration, the e-mail's claim and the mail server. */
export interface LabelEmailDependencies {
  store: PassportStore;
  /** The label e-mail's claim, taken only while the take-back is not cancelled. */
  claims: GuardedClaims;
  notifier: Notifier;
  now: () => Date;
  trackingSecret: () => Promise<string>;
  /** The public base URL of the API, for the label links in e-mails. */
  apiBaseUrl: string;
  /** The origin of the web app, for the link to the tracking page. */
  webBaseUrl: string;
}

/** Thrown while another execution holds the label request of the passport; the workflow retries it. */
export class LabelRequestInProgressError extends Error {
  override readonly name = 'LabelRequestInProgress';
}

/**
 * Thrown while an earlier attempt holds the label e-mail's claim (one that died before SES answered,
 * until its lease runs out); the workflow retries it, and the retry after the lease sends the e-mail.
 */
export class LabelEmailInProgressError extends Error {
  override readonly name = 'LabelEmailInProgress';
}

/**
 * What the label step did: the label the passport records (made now, or before), or none, since the
 * take-back no longer waits for one (`state`): cancelled by its customer or by staff, or its parcel
 * received (a cancelled take-back's parcel may arrive all the same). The workflow then ends there, with
 * no label, no e-mail and nobody flagged.
 */
export type LabelOutcome = { outcome: 'LABEL_CREATED'; shipmentNo: string } | { outcome: 'NOT_NEEDED'; state: PassportState };

const LABEL_CLAIM = 'carrier-label';
const LABEL_EMAIL_CLAIM = 'email:label';
/**
 * A step's function gives up after 30 s (its Lambda timeout), so a claim twice that old was left
 * by an attempt that died before it could release it (a crash, a timeout): a re-driven workflow
 * takes it over instead of waiting for a release that never comes.
 */
export const STEP_CLAIM_LEASE_MS = 60_000;

/**
 * The step that flags a passport whose label could not be had: it needs the passports only, so its
 * Lambda carries neither the carrier, the bucket nor the mail client.
 */
export class LabelFailures {
  constructor(private readonly records: { store: PassportRecords; now: () => Date }) {}

  /**
   * Moves the passport to NEEDS_ATTENTION with a reason a person can act on. The move is made on
   * the version read: when another attempt (a re-driven workflow) records the label meanwhile, it
   * decides again on the passport as it is now, and flags nothing.
   */
  async flagLabelFailure(passportId: string, failure: { error: string; cause?: string }): Promise<void> {
    return retryingConcurrentChanges(() => this.flagLabelFailureOnce(passportId, failure));
  }

  private async flagLabelFailureOnce(passportId: string, failure: { error: string; cause?: string }): Promise<void> {
    const passport = await existingPassport(this.records.store, passportId);
    // Only a take-back still waiting for its label is flagged. One flagged already keeps its reason; one given its
    // label, cancelled or whose parcel was received meanwhile needs no person for its label (until 7 December 2026 a
    // received one was flagged, and then took neither grading nor a second scan).
    if (passport.state !== 'REQUESTED' || !labelMayBeMadeAgain(passport)) return;
    const basis = { kind: 'LABEL_FAILED' as const, error: failure.error, message: failureMessageOf(failure.cause) };
    const reason = labelFailureReason(basis);
    const at = this.records.now().toISOString();
    await this.records.store.transition(passportId, {
      to: 'NEEDS_ATTENTION',
      from: [passport.state],
      version: passport.version,
      at,
      set: { attention: { reason, basis, at } },
      event: { type: 'LabelFailed', data: { reason, error: failure.error, basis } },
    });
  }
}

/**
 * The TakeBackWorkflow's first step (the Lambda behind its state): create the carrier label. Safe to
 * run again: a retry never creates a second label. The steps are classes of their own, each built
 * by its Lambda alone: the label's carries no mail client, the e-mail's neither the bucket nor the
 * carrier, and the flag's ({@link LabelFailures}) none of them.
 */
export class LabelCreation {
  constructor(private readonly deps: LabelCreationDependencies) {}

  async createLabel(passportId: string): Promise<LabelOutcome> {
    const passport = await existingPassport(this.deps.store, passportId);
    if (passport.label) return { outcome: 'LABEL_CREATED', shipmentNo: passport.label.shipmentNo };
    // An answer, not an error: an error was retried for two minutes and then flagged the passport for a person
    // (until 7 December 2026 a cancelled take-back's parcel received meanwhile was so held in NEEDS_ATTENTION).
    if (!labelMayBeMadeAgain(passport)) {
      // No label is recorded, and none can be any more: files at the label's keys are those of an attempt that died
      // after its upload (DHL had made the label), with the customer's name and address, and nothing refers to them.
      // Until 7 December 2026 they stayed in the bucket until the customer's data was erased.
      await this.deleteLabelFiles(passport);
      return { outcome: 'NOT_NEEDED', state: passport.state };
    }
    // DHL has no idempotency key: the claim makes sure one request at a time is in flight.
    if (!(await this.deps.store.claimOnce(passportId, LABEL_CLAIM, this.deps.now().toISOString(), STEP_CLAIM_LEASE_MS))) {
      throw new LabelRequestInProgressError(`A label request for passport ${passportId} is in progress.`);
    }
    const { pdfKey, qrKey } = takeBackLabelKeys(passport.brand, passport.id);
    try {
      const catalog = await this.deps.store.getCatalog(passport.brand);
      if (!catalog) throw new NotFoundError(`No brand ${passport.brand}.`);
      const carrier = await this.deps.carrier();
      const label = await carrier.createReturnLabel({
        reference: passport.id,
        receiverId: dhlReceiverFor(catalog.config, passport.address.country),
        shipper: customerParty(passport),
        weightGrams: passport.product.weightGrams,
      });
      await this.deps.blobs.put(pdfKey, label.pdf, 'application/pdf');
      await this.deps.blobs.put(qrKey, label.qrPng, 'image/png');
      const now = this.deps.now();
      const shipBy = shippingDeadline(now, catalog.config.shippingDeadlineDays, catalog.config.timeZone ?? DEFAULT_TIME_ZONE);
      // Recorded on the passport as it is now, read again for each try: the customer may add photos meanwhile (an
      // amendment of the same passport), and the label, had, is recorded all the same rather than the step failing
      // and DHL printing a second one. A take-back cancelled, or received, meanwhile records none.
      const movedOn = await retryingConcurrentChanges(async () => {
        const current = await existingPassport(this.deps.store, passportId);
        if (!labelMayBeMadeAgain(current)) return current;
        await this.deps.store.transition(passportId, {
          to: 'LABEL_CREATED',
          from: [current.state],
          version: current.version,
          at: now.toISOString(),
          set: {
            label: {
              carrier: 'DHL',
              shipmentNo: label.shipmentNo,
              ...(label.routingCode ? { routingCode: label.routingCode } : {}),
              pdfKey,
              qrKey,
              createdAt: now.toISOString(),
              shipBy,
              // Kept for the receipt to book: DHL bills a return label once its parcel is posted, so a take-back cancelled
              // or expired before its parcel arrives costs the brand nothing (until 7 December 2026 the cost was booked
              // here, and stayed booked for labels never used).
              ...(catalog.config.labelCost ? { cost: catalog.config.labelCost } : {}),
            },
          },
          remove: ['attention'],
          event: { type: 'LabelCreated', data: { carrier: 'DHL', shipmentNo: label.shipmentNo, shipBy, costBooked: 'AT_RECEIPT' } },
        });
        return undefined;
      });
      if (!movedOn) return { outcome: 'LABEL_CREATED', shipmentNo: label.shipmentNo };
      await this.deps.store.releaseClaim(passportId, LABEL_CLAIM);
      // Recorded by an attempt that took the claim over: its label stands, and its files are at the same keys.
      if (movedOn.label) return { outcome: 'LABEL_CREATED', shipmentNo: movedOn.label.shipmentNo };
      // Cancelled (or received) while DHL made the label: that label is recorded nowhere and never shown
      // to the customer, and its files, with the customer's name and address, are deleted (until 7 December 2026 they
      // stayed in the bucket, and an erasure, which deletes what the passport records, missed them).
      await this.deleteLabelFiles(movedOn);
      return { outcome: 'NOT_NEEDED', state: movedOn.state };
    } catch (error) {
      await this.deps.store.releaseClaim(passportId, LABEL_CLAIM);
      throw error;
    }
  }

  private async deleteLabelFiles(passport: Pick<Passport, 'brand' | 'id'>): Promise<void> {
    const { pdfKey, qrKey } = takeBackLabelKeys(passport.brand, passport.id);
    await Promise.all([pdfKey, qrKey].map((key) => this.deps.blobs.delete(key)));
  }
}

/** The states a take-back's label e-mail is not sent in: cancelled, or its parcel received (and what follows). */
// PASSPORT_STATES lists the states of an item whose parcel has arrived from RECEIVED on.
const NO_LABEL_EMAIL_STATES = ['CANCELLED', ...PASSPORT_STATES.slice(PASSPORT_STATES.indexOf('RECEIVED'))] as const;

/** The TakeBackWorkflow's second step: send the label e-mail. Safe to run again: a retry never sends a second e-mail. */
export class LabelEmails {
  constructor(private readonly deps: LabelEmailDependencies) {}

  async sendLabelEmail(passportId: string): Promise<{ sent: boolean }> {
    const passport = await existingPassport(this.deps.store, passportId);
    // Cancelled once the label was had: the customer is told of the cancellation instead. Received already (scanned
    // within seconds of its label): the label is spent, and the customer is told of the parcel's arrival instead;
    // until 7 December 2026 its e-mail went out after the receipt, with links that answered 409.
    if (passport.state === 'CANCELLED' || passport.receipt) return { sent: false };
    if (!passport.label) throw new ConflictError(`Passport ${passportId} has no label yet.`);
    // The e-mail is sent once: LabelEmailSent on the timeline says it went out, the claim says an
    // attempt is under way. Only a crash between SES accepting it and the event being written can
    // repeat it, once the lease has run out. The claim is taken once the e-mail is rendered, right
    // before SES: an attempt that dies while it reads leaves no claim, and the step's retry sends it.
    // One that dies after its claim leaves the claim to its lease: the step's retries fail until then.
    if ((await this.deps.store.getTimeline(passportId)).some((event) => event.type === 'LabelEmailSent')) return { sent: false };
    const catalog = await this.deps.store.getCatalog(passport.brand);
    if (!catalog) throw new NotFoundError(`No brand ${passport.brand}.`);
    const rawToken = trackingTokenFor(passport.id, await this.deps.trackingSecret());
    const token = encodeURIComponent(rawToken);
    const base = `${this.deps.apiBaseUrl.replace(/\/$/, '')}/v1/take-backs/${passport.id}`;
    const email = renderLabelEmail({
      passport,
      brandName: catalog.config.name,
      ...(catalog.config.timeZone ? { timeZone: catalog.config.timeZone } : {}),
      links: { tracking: trackingPageUrl(this.deps.webBaseUrl, passport.id, rawToken, passport.customer.locale), labelPdf: `${base}/label?token=${token}&format=pdf`, labelQr: `${base}/label?token=${token}&format=qr` },
    });
    // Taken only while the take-back is not cancelled, in one transaction: a cancellation that landed since the
    // passport was read sends nothing; one after the claim comes after the e-mail, and tells the customer so.
    const claimed = await this.deps.claims.claimOnceUnless(passportId, LABEL_EMAIL_CLAIM, this.deps.now().toISOString(), STEP_CLAIM_LEASE_MS, NO_LABEL_EMAIL_STATES);
    if (claimed === 'moved') return { sent: false };
    if (!claimed) {
      throw new LabelEmailInProgressError(`An earlier attempt holds the label e-mail of passport ${passportId}; retry once its lease has run out.`);
    }
    try {
      const { messageId } = await this.deps.notifier.send({
        to: passport.customer.email,
        from: catalog.config.senderEmail,
        ...email,
        tags: { passport: passport.id, template: 'label' },
      });
      await this.deps.store.appendEvent(passportId, this.deps.now().toISOString(), { type: 'LabelEmailSent', data: { messageId } });
      return { sent: true };
    } catch (error) {
      await this.deps.store.releaseClaim(passportId, LABEL_EMAIL_CLAIM);
      throw error;
    }
  }
}
