import type { TakeBackStatus } from '../../../shared/schemas/take-back';
import { formatDate, useLocale, useMessages } from '../i18n';
import { CUSTOMER_MESSAGES } from './messages';

/** The return label: the PDF to print, the QR code to show at a DHL shop, and the ship-by date (the brand's day). */
export function LabelCard({ label, timeZone }: { label: NonNullable<TakeBackStatus['label']>; timeZone: string }) {
  const m = useMessages(CUSTOMER_MESSAGES);
  const { locale } = useLocale();
  return (
    <div className="card label">
      <p>
        <strong>{m.shipBy(formatDate(label.shipBy, locale, timeZone))}</strong>
      </p>
      <div className="actions">
        <a className="button button--primary" href={label.pdfUrl} download>
          {m.downloadLabel}
        </a>
      </div>
      <img className="label__qr" src={label.qrUrl} alt={m.qrAlt} width={200} height={200} />
      <p className="muted">DHL {label.shipmentNo}</p>
    </div>
  );
}
