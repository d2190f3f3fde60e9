import type { LedgerDetail } from '../../../shared/domain/ledger';
import type { PassportDetail } from '../../../shared/schemas/staff';
import type { Messages } from '../locales';
import { wordsOf, type CODE_LABELS } from './labels';

/** A ledger line as the passport detail shows it. */
type EntryView = PassportDetail['ledger'][number];
type Detail<T extends LedgerDetail['of']> = Extract<LedgerDetail, { of: T }>;
type Parcel = { carrier: string; shipmentNo: string };
type Order = { channel: string; orderId: string };

/** How a ledger line's words are written: the channel's name and a share as a percentage, in the console's language. */
export interface LedgerLineFormats {
  labels: (typeof CODE_LABELS)['de'];
  percent(share: number): string;
}

/** The words of each kind of line the console can word from its facts. */
interface LedgerWords {
  RETURN_LABEL(parcel: Parcel): string;
  PARCEL_BACK(parcel: Parcel): string;
  /** `ratio`: the voucher's cost ratio as a percentage; absent when the voucher costs its face value. */
  VOUCHER(ratio: string | undefined): string;
  BANK_TRANSFER(): string;
  REPAIR(detail: Detail<'REPAIR'>): string;
  PART(detail: Detail<'PART'>): string;
  SALE(order: Order): string;
  CHANNEL_FEE(order: Order): string;
  SHIPPING(order: Order): string;
  SALE_REFUND(order: Order): string;
  FEE_REFUND(order: Order): string;
}

const part = ({ quantity, name, sku }: Detail<'PART'>) => `${quantity} × ${name} (${sku})`;

/** The ledger's lines in the console's languages (the stored `description` is English, for the books). */
export const LEDGER_WORDS: Messages<LedgerWords> = {
  de: {
    RETURN_LABEL: ({ carrier, shipmentNo }) => `Rücksendeetikett ${carrier} ${shipmentNo}`,
    PARCEL_BACK: ({ carrier, shipmentNo }) => `Paket zurück an die Kundschaft, ${carrier} ${shipmentNo}`,
    VOUCHER: (ratio) => (ratio === undefined ? 'Gutschein ausgegeben, zum vollen Wert' : `Gutschein ausgegeben, zu ${ratio} seines Werts`),
    BANK_TRANSFER: () => 'Überweisung vorgemerkt',
    REPAIR: ({ outcome, partnerName, laborMinutes }) =>
      `${outcome === 'COMPLETED' ? 'Reparatur' : 'Diagnose (nicht reparierbar)'} durch ${partnerName}${laborMinutes === undefined ? '' : `, ${laborMinutes} Min.`}`,
    PART: part,
    SALE: ({ channel, orderId }) => `Verkauft über ${channel}, Bestellung ${orderId}`,
    CHANNEL_FEE: ({ channel, orderId }) => `Gebühr von ${channel} für Bestellung ${orderId}`,
    SHIPPING: ({ orderId }) => `Versand, vom Käufer bezahlt, Bestellung ${orderId}`,
    SALE_REFUND: ({ channel, orderId }) => `Erstattet an den Käufer der Bestellung ${orderId} über ${channel}`,
    FEE_REFUND: ({ channel, orderId }) => `Gebühr von ${channel} für Bestellung ${orderId} gutgeschrieben`,
  },
  en: {
    RETURN_LABEL: ({ carrier, shipmentNo }) => `${carrier} return label ${shipmentNo}`,
    PARCEL_BACK: ({ carrier, shipmentNo }) => `${carrier} parcel back to the customer ${shipmentNo}`,
    VOUCHER: (ratio) => (ratio === undefined ? 'Voucher issued, at its face value' : `Voucher issued, at ${ratio} of its face value`),
    BANK_TRANSFER: () => 'Bank transfer queued',
    REPAIR: ({ outcome, partnerName, laborMinutes }) =>
      `${outcome === 'COMPLETED' ? 'Repair' : 'Diagnosis (unrepairable)'} by ${partnerName}${laborMinutes === undefined ? '' : `, ${laborMinutes} min`}`,
    PART: part,
    SALE: ({ channel, orderId }) => `Sold on ${channel}, order ${orderId}`,
    CHANNEL_FEE: ({ channel, orderId }) => `${channel} fee of order ${orderId}`,
    SHIPPING: ({ orderId }) => `Shipping paid by the buyer, order ${orderId}`,
    SALE_REFUND: ({ channel, orderId }) => `Refunded to the buyer of order ${orderId} on ${channel}`,
    FEE_REFUND: ({ channel, orderId }) => `${channel} fee of order ${orderId} credited back`,
  },
};

/**
 * A ledger line in the console's language, from its facts: `detail` for labels, payouts, repairs
 * and parts, the kind and `sale` for a sale's lines (the channel by its name). A line without the
 * facts (written before 6 December) keeps its stored English description.
 *
 * @example
 * ledgerLineText({ kind: 'PAYOUT', detail: { of: 'VOUCHER', costRatio: 0.6 }, … }, LEDGER_WORDS.de, formats);
 * // 'Gutschein ausgegeben, zu 60 % seines Werts'
 */
export function ledgerLineText(line: EntryView, words: LedgerWords, formats: LedgerLineFormats): string {
  const { detail, sale } = line;
  if (detail) {
    switch (detail.of) {
      case 'RETURN_LABEL':
        return words.RETURN_LABEL(detail);
      case 'PARCEL_BACK':
        return words.PARCEL_BACK(detail);
      case 'VOUCHER':
        return words.VOUCHER(detail.costRatio === undefined ? undefined : formats.percent(detail.costRatio));
      case 'BANK_TRANSFER':
        return words.BANK_TRANSFER();
      case 'REPAIR':
        return words.REPAIR(detail);
      case 'PART':
        return words.PART(detail);
    }
  }
  const saleKinds = ['SALE', 'CHANNEL_FEE', 'SHIPPING', 'SALE_REFUND', 'FEE_REFUND'] as const;
  const kind = saleKinds.find((one) => one === line.kind);
  if (kind && sale) return words[kind]({ channel: wordsOf(formats.labels.channels, sale.channel) ?? sale.channel, orderId: sale.orderId });
  return line.description;
}
