import { expectedArrival } from '../domain/brand-payouts';
import type { BrandCatalog, Money } from '../domain/catalog';
import { renderBankDetailsNeededEmail, renderBankPayoutSentEmail } from '../domain/emails/bank-payout-sent-email';
import { renderGradedEmail } from '../domain/emails/graded-email';
import { renderItemNewLifeEmail } from '../domain/emails/item-new-life-email';
import type { CustomerEmail, RenderedEmail } from '../domain/emails/layout';
import { renderParcelReceivedEmail } from '../domain/emails/parcel-received-email';
import { renderLabelReminderEmail, renderTakeBackExpiredEmail, renderVoucherExpiryReminderEmail } from '../domain/emails/reminder-emails';
import { renderTakeBackCancelledEmail } from '../domain/emails/take-back-cancelled-email';
import { renderItemReturnedEmail } from '../domain/emails/item-returned-email';
import { renderParcelRejectedEmail } from '../domain/emails/parcel-rejected-email';
import { renderCounterOfferLapsedEmail, renderCounterOfferReminderEmail } from '../domain/emails/counter-offer-emails';
import type { CounterOffer } from '../domain/emails/graded-email';
import { dhlTrackingUrl, returnCause } from '../domain/return-shipment';
import { emailTemplateFor, type EventEmailTemplate } from '../domain/emails/triggers';
import { renderVoucherIssuedEmail } from '../domain/emails/voucher-issued-email';
import { NotFoundError } from '../domain/errors';
import { gradedPayoutOf } from '../domain/graded-payout';
import type { Passport, PassportEvent } from '../domain/passport';
import type { Notifier } from '../ports/notifier';
import type { GuardedClaims, PassportStore } from '../ports/passport-store';
import type { PayoutStore, Voucher } from '../ports/payout-store';
import type { PassportEventDetail } from '../schemas/events';
import { passportImpact } from './passport-impact';
import type { PayoutQuotes } from './payout-settlement';
import { trackingPageUrl, tradeInPageUrl } from '../domain/web-links';
import { trackingTokenFor } from './tokens';
import { existingPassport } from './passports';

/**
 * The send function gives up after 30 s (its Lambda timeout), so a claim twice that old was left by
 * a delivery that died before SES answered: the next delivery takes it over and sends the e-mail.
 * Lambda retries a failed asynchronous invocation after about one and then two more minutes, so
 * the second retry at the latest finds the lease run out.
 */
export const EMAIL_CLAIM_LEASE_MS = 60_000;

/** Thrown while another delivery of the same event holds the e-mail's claim; the invocation is retried. */
export class EmailSendInProgressError extends Error {
  override readonly name = 'EmailSendInProgress';
}

export interface CustomerMessagesDependencies {
  store: PassportStore;
  /** The send's claim, taken only while the customer's personal data is not erased. */
  claims: Pick<GuardedClaims, 'claimOnceUnlessErased'>;
  payouts: PayoutStore;
  settlement: Pick<PayoutQuotes, 'payoutOf'>;
  notifier: Notifier;
  now: () => Date;
  trackingSecret: () => Promise<string>;
  /** The public base URL of the API, for the label links in e-mails. */
  apiBaseUrl: string;
  /** The origin of the web app, for the links to the tracking page and the trade-in form. */
  webBaseUrl: string;
}

/** What one e-mail needs to be rendered: the event it is for, and the passport as it is now. */
interface Context {
  event: PassportEventDetail;
  passport: Passport;
  catalog: BrandCatalog;
  timeline: PassportEvent[];
  recipient: CustomerEmail;
  links: { tracking: string; takeBack: string; token: string };
}

/**
 * The consumer of the domain events that tells the customer about their take-back: one e-mail in
 * their language per event that calls for one (`emailTemplateFor`), sent once per event whatever
 * retries and duplicate deliveries happen. A `CustomerEmailSent` event on the timeline says it went
 * out; the send is claimed per event and template right before it (once the e-mail is rendered),
 * and the claim is given back when the send failed. While another delivery holds the claim, this
 * one fails with {@link EmailSendInProgressError}, so that the invocation is retried: a claim
 * whose holder died before SES answered is taken over once its lease ran out, and the e-mail is
 * sent then. Only a death between SES accepting the e-mail and the event being written sends it twice.
 */
export class CustomerMessages {
  constructor(private readonly deps: CustomerMessagesDependencies) {}

  async send(event: PassportEventDetail): Promise<{ sent: boolean; template?: EventEmailTemplate }> {
    const template = emailTemplateFor(event);
    if (!template) return { sent: false };
    // Everything the e-mail says is read and rendered before the send is claimed: a delivery that
    // dies while it reads leaves no claim behind, and the next delivery sends the e-mail.
    const context = await this.context(event);
    // A customer whose personal data was erased has no address to write to, and asked to be forgotten.
    if (context.passport.erasure) return { sent: false, template };
    if (context.timeline.some((noted) => noted.type === 'CustomerEmailSent' && noted.data.forEventId === event.eventId && noted.data.template === template)) {
      return { sent: false, template };
    }
    // An item repaired a second time (its route sent back to repair after its listing would have lost money): its
    // customer heard of the first repair. Until 7 December 2026 they got the same e-mail again.
    if (template === 'item-repaired' && context.timeline.some((noted) => noted.type === 'Repaired' && noted.seq < event.seq)) {
      return { sent: false, template };
    }
    // A cancellation whose parcel was received all the same by the time its event arrives: "please do not send the
    // parcel" would contradict (or, as the bus keeps no order, follow) the parcel-received e-mail of the later event,
    // which tells the customer where things stand. Until 7 December 2026 it was sent all the same.
    if (template === 'take-back-cancelled' && context.passport.receipt) return { sent: false, template };
    // A transfer no longer set aside by the time its event arrives (its account entered again, or
    // opening again at an export) needs nothing from the customer.
    if ((template === 'bank-details-needed' || template === 'bank-details-reminder') && (await this.deps.payouts.getPayout(event.passportId))?.status !== 'HELD') {
      return { sent: false, template };
    }
    const email = await this.render(template, context);
    const claim = `email:${template}:${event.seq}`;
    // Conditional on the erasure: one landing after the passport was read above would otherwise not stop the e-mail
    // (it did not until 7 December 2026: a cancellation's e-mail went out after the customer's data was erased).
    const claimed = await this.deps.claims.claimOnceUnlessErased(event.passportId, claim, this.deps.now().toISOString(), EMAIL_CLAIM_LEASE_MS);
    if (claimed === 'erased') return { sent: false, template };
    if (!claimed) {
      throw new EmailSendInProgressError(`Another delivery of event ${event.eventId} is sending the ${template} e-mail, or died doing so; retry later.`);
    }
    try {
      const { messageId } = await this.deps.notifier.send({
        to: context.passport.customer.email,
        from: context.catalog.config.senderEmail,
        ...email,
        tags: { passport: event.passportId, template },
      });
      await this.deps.store.appendEvent(event.passportId, this.deps.now().toISOString(), {
        type: 'CustomerEmailSent',
        data: { template, messageId, forEventId: event.eventId },
      });
      return { sent: true, template };
    } catch (error) {
      await this.deps.store.releaseClaim(event.passportId, claim);
      throw error;
    }
  }

  private async context(event: PassportEventDetail): Promise<Context> {
    const passport = await existingPassport(this.deps.store, event.passportId);
    const catalog = await this.deps.store.getCatalog(passport.brand);
    if (!catalog) throw new NotFoundError(`No brand ${passport.brand}.`);
    const rawToken = trackingTokenFor(passport.id, await this.deps.trackingSecret());
    const token = encodeURIComponent(rawToken);
    const takeBack = `${this.deps.apiBaseUrl.replace(/\/$/, '')}/v1/take-backs/${passport.id}`;
    return {
      event,
      passport,
      catalog,
      timeline: await this.deps.store.getTimeline(passport.id),
      recipient: {
        locale: passport.customer.locale,
        brandName: catalog.config.name,
        customerName: passport.customer.name,
        ...(catalog.config.timeZone ? { timeZone: catalog.config.timeZone } : {}),
      },
      links: { tracking: trackingPageUrl(this.deps.webBaseUrl, passport.id, rawToken, passport.customer.locale), takeBack, token },
    };
  }

  private async render(template: EventEmailTemplate, context: Context): Promise<RenderedEmail> {
    const { event, passport, catalog, recipient, links } = context;
    const productName = passport.product.name;
    switch (template) {
      case 'parcel-received':
        return renderParcelReceivedEmail({ ...recipient, productName, receivedAt: event.at, links: { tracking: links.tracking } });
      case 'graded':
      case 'graded-counter-offer':
        return this.renderGraded(context);
      case 'voucher-issued': {
        const voucher = await this.voucherOf(passport.id);
        return renderVoucherIssuedEmail({
          ...recipient,
          productName,
          voucher: { code: voucher.code, value: voucher.value, expiresAt: voucher.expiresAt },
          impact: passportImpact(passport, context.timeline, catalog.config),
          links: { shop: catalog.config.payouts?.shopUrl ?? links.tracking },
        });
      }
      case 'voucher-expiry-reminder': {
        const voucher = await this.voucherOf(passport.id);
        return renderVoucherExpiryReminderEmail({
          ...recipient,
          voucher: { code: voucher.code, balance: { amount: voucher.balance, currency: voucher.value.currency }, expiresAt: voucher.expiresAt },
          links: { shop: catalog.config.payouts?.shopUrl ?? links.tracking },
        });
      }
      case 'bank-payout-sent': {
        const payout = await this.deps.payouts.getPayout(passport.id);
        const exported = payout?.exportId ? await this.deps.payouts.getExport(passport.brand, payout.exportId) : undefined;
        if (!payout || !exported) throw new NotFoundError(`The bank payout of passport ${passport.id} is not exported yet.`);
        return renderBankPayoutSentEmail({
          ...recipient,
          productName,
          amount: payout.amount,
          iban: payout.ibanMasked ?? passport.payout.bankAccount?.ibanMasked ?? '',
          expectedArrival: expectedArrival(exported.requestedExecutionDate),
        });
      }
      case 'bank-details-needed':
      case 'bank-details-reminder': {
        const payout = await this.deps.payouts.getPayout(passport.id);
        if (!payout) throw new NotFoundError(`Passport ${passport.id} has no payout.`);
        return renderBankDetailsNeededEmail({
          ...recipient,
          productName,
          amount: payout.amount,
          ibanMasked: payout.ibanMasked ?? passport.payout.bankAccount?.ibanMasked ?? '',
          links: { tracking: links.tracking },
          reminder: template === 'bank-details-reminder',
        });
      }
      case 'item-repaired':
        return renderItemNewLifeEmail({ ...recipient, productName, kind: 'REPAIRED' });
      case 'item-sold':
        return renderItemNewLifeEmail({ ...recipient, productName, kind: 'SOLD' });
      case 'label-reminder':
        return renderLabelReminderEmail({
          ...recipient,
          productName,
          shipBy: labelOf(passport).shipBy,
          links: {
            tracking: links.tracking,
            labelPdf: `${links.takeBack}/label?token=${links.token}&format=pdf`,
            labelQr: `${links.takeBack}/label?token=${links.token}&format=qr`,
          },
        });
      case 'take-back-expired':
        return renderTakeBackExpiredEmail({
          ...recipient,
          productName,
          shipBy: labelOf(passport).shipBy,
          links: { catalog: tradeInPageUrl(this.deps.webBaseUrl, passport.brand, passport.customer.locale) },
        });
      case 'take-back-cancelled':
        return renderTakeBackCancelledEmail({
          ...recipient,
          productName,
          hadLabel: passport.label !== undefined,
          links: { catalog: tradeInPageUrl(this.deps.webBaseUrl, passport.brand, passport.customer.locale) },
        });
      case 'counter-offer-reminder': {
        const settlement = passport.settlement;
        if (event.type !== 'CounterOfferReminderSent' || !settlement) throw new Error(`A ${event.type} event reminds of no counter-offer.`);
        return renderCounterOfferReminderEmail({
          ...recipient,
          productName,
          counterOffer: { ...counterOfferLinks(settlement.payout, links.tracking), answerBy: event.data.answerBy },
          links: { tracking: links.tracking },
        });
      }
      case 'counter-offer-lapsed': {
        const answerBy = passport.settlement?.answerBy;
        if (!answerBy) throw new Error(`Passport ${passport.id} has no counter-offer deadline.`);
        return renderCounterOfferLapsedEmail({ ...recipient, productName, answerBy, links: { tracking: links.tracking } });
      }
      case 'parcel-rejected':
        if (event.type !== 'ParcelRejected') throw new Error(`A ${event.type} event rejects no parcel.`);
        return renderParcelRejectedEmail({ ...recipient, productName, reason: event.data.reason, links: { tracking: links.tracking } });
      case 'item-returned': {
        if (!passport.returnShipment) throw new NotFoundError(`Passport ${passport.id} has no return shipment.`);
        const { shipmentNo } = passport.returnShipment;
        return renderItemReturnedEmail({
          ...recipient,
          productName,
          cause: returnCause(passport),
          shipmentNo,
          links: { tracking: links.tracking, carrierTracking: dhlTrackingUrl(shipmentNo, passport.customer.locale) },
        });
      }
    }
  }

  private async renderGraded({ event, passport, catalog, timeline, recipient, links }: Context): Promise<RenderedEmail> {
    if (event.type !== 'Graded') throw new Error(`A ${event.type} event has no grading result.`);
    const { grade, settlement } = event.data;
    const common = { ...recipient, productName: passport.product.name, grade, links: { tracking: links.tracking } };
    if (settlement.outcome === 'COUNTER_OFFER') {
      // The customer answers on the tracking page (the portal), which posts to /v1/take-backs/{id}/counter-offer.
      return renderGradedEmail({
        ...common,
        selfAssessedGrade: passport.selfAssessedGrade,
        counterOffer: { ...counterOfferLinks(settlement.payout, links.tracking), ...(settlement.answerBy ? { answerBy: settlement.answerBy } : {}) },
      });
    }
    const graded = gradedPayoutOf(timeline) ?? { grade, route: event.data.route, payout: settlement.payout };
    const payout = await this.deps.settlement.payoutOf(passport, catalog, graded);
    return renderGradedEmail({ ...common, value: payout.amount, payoutMethod: passport.payout.method });
  }

  private async voucherOf(passportId: string): Promise<Voucher> {
    const payout = await this.deps.payouts.getPayout(passportId);
    const voucher = payout?.voucher ? await this.deps.payouts.getVoucher(payout.voucher.code) : undefined;
    if (!voucher) throw new NotFoundError(`Passport ${passportId} has no voucher.`);
    return voucher;
  }
}

function labelOf(passport: Passport) {
  if (!passport.label) throw new NotFoundError(`Passport ${passport.id} has no label.`);
  return passport.label;
}

/** The counter-offer's buttons, which open the tracking page focused on the answer. */
function counterOfferLinks(payout: Money, tracking: string): CounterOffer {
  return { ...payout, acceptUrl: `${tracking}&counterOffer=accept`, declineUrl: `${tracking}&counterOffer=decline` };
}
