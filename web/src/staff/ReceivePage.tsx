import { lazy, Suspense, useState, type FormEvent } from 'react';
import type { PassportState } from '../../../shared/domain/lifecycle';
import { passportIdOfSku } from '../../../shared/domain/listing-sku';
import type { PassportDetail, WorkQueue } from '../../../shared/schemas/staff';
import { fieldErrors, newIdempotencyKey } from '../api';
import { useMessages } from '../i18n';
import type { AuthorizedApi } from '../sign-in/authorized';
import { Button, Loading, ProblemMessage, TextField } from '../ui/kit';
import { useRequest } from '../ui/use-request';
import { CODE_LABELS } from './labels';
import { Link, navigate } from './navigation';
import { passportStateOf } from './passport-refresh';
import { isWorkQueue } from './answers';

// The decoder loads only when someone opens the camera.
const CameraScanner = lazy(() => import('./CameraScanner'));

const TEXT = {
  de: {
    title: 'Wareneingang',
    intro:
      'Scannen Sie den Barcode oder QR-Code auf dem Etikett des Pakets, oder tippen Sie die Sendungsnummer ab. Schickt ein Käufer einen verkauften Artikel zurück, scannen Sie dessen Artikelnummer (SKU des Angebots): Die Seite des Artikels öffnet sich, dort erfassen Sie die Rücksendung.',
    code: 'Sendungsnummer oder Passport-Code',
    codeHint: 'Die Ziffern unter dem Barcode, oder der Code unter dem QR-Code „Passport“.',
    location: 'Ort des Scans',
    locationHint: 'z. B. Tor 1 oder Regal B3',
    submit: 'Paket annehmen',
    scan: 'Mit der Kamera scannen',
    unknownShipment: 'Zu dieser Sendungsnummer gibt es bei Ihrer Marke kein Paket.',
    required: 'Bitte scannen oder tippen Sie die Sendungsnummer.',
    finding: 'Paket wird gesucht …',
    notReceived: (state: string) => `Nicht angenommen: Der Artikel ist bereits „${state}“.`,
    erased:
      'Nicht angenommen: Die Rückgabe ist storniert und die Daten des Kunden sind gelöscht. Der Artikel kann weder vergütet noch zurückgeschickt werden: Legen Sie das Paket beiseite und klären Sie es von Hand.',
    openPassport: 'Produktpass öffnen',
    opsOnly: 'Pakete annehmen dürfen nur das Lager (ops) und Administratoren der Marke. Die Arbeitslisten, Produktpässe und Angebote können Sie ansehen.',
  },
  en: {
    title: 'Receiving',
    intro:
      "Scan the barcode or the QR code on the parcel's label, or type the shipment number. When a buyer sends a sold item back, scan its listing's SKU: the item's page opens, where you record the return.",
    code: 'Shipment number or passport code',
    codeHint: 'The digits under the barcode, or the code under the “Passport” QR code.',
    location: 'Where it was scanned',
    locationHint: 'e.g. Gate 1 or shelf B3',
    submit: 'Receive parcel',
    scan: 'Scan with the camera',
    unknownShipment: 'Your brand has no parcel with this shipment number.',
    required: 'Please scan or type the shipment number.',
    finding: 'Finding the parcel …',
    notReceived: (state: string) => `Not received: the item is “${state}” already.`,
    erased:
      "Not received: the take-back is cancelled and the customer's data erased. The item can be neither paid for nor sent back: set the parcel aside and handle it by hand.",
    openPassport: 'Open its passport',
    opsOnly: "Only the brand's warehouse (ops) and administrators receive parcels. You can look at the work queues, passports and listings.",
  },
};

const PASSPORT_ID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/**
 * The passport of a listing SKU (the brand's letters, then the passport id), or `undefined` for a
 * shipment number (digits only) or a passport code.
 */
function soldItemOf(code: string): string | undefined {
  const id = passportIdOfSku(code);
  return id && /[A-Z]/.test(code.slice(0, -id.length)) ? id : undefined;
}

/**
 * Receiving a parcel: the label's QR code holds the passport id, its barcode the carrier's
 * shipment number, which the API resolves to the passport (`GET /v1/passports?shipmentNo=`).
 * The receipt keeps one Idempotency-Key per parcel, so a second scan changes nothing; the page
 * then opens the passport for grading. A parcel whose item is past receiving (graded, or its take-back
 * cancelled) is the API's 409, said in the page's words with its state and a link to its passport; so is one of a
 * cancelled take-back whose customer's data was erased (`personalDataErased`), which is left to a person.
 */
export function ReceivePage({ api, canReceive }: { api: AuthorizedApi; canReceive: boolean }) {
  const t = useMessages(TEXT);
  const [code, setCode] = useState('');
  const [location, setLocation] = useState('');
  const [scanning, setScanning] = useState(false);
  const labels = useMessages(CODE_LABELS);
  const { busy, problem, setProblem, run } = useRequest();
  const [codeError, setCodeError] = useState<string>();
  const [notReceived, setNotReceived] = useState<{ id: string; state: PassportState; erased: boolean }>();
  const errors = fieldErrors(problem);

  async function receive(scanned: string) {
    const typed = scanned.replace(/\s+/g, '').toUpperCase();
    setProblem(undefined);
    setCodeError(undefined);
    setNotReceived(undefined);
    if (!typed) {
      setCodeError(t.required);
      return;
    }
    // A buyer's return is no take-back parcel: its page records it (SaleReturnForm), nothing is received.
    const sold = PASSPORT_ID.test(typed) ? undefined : soldItemOf(typed);
    if (sold) {
      navigate(`/staff/passports/${sold}`);
      return;
    }
    let id = PASSPORT_ID.test(typed) ? typed : undefined;
    await run(async () => {
      if (!id) {
        const found = await api.call<WorkQueue>('/v1/passports', { query: { shipmentNo: typed }, isAnswer: isWorkQueue });
        id = found.items[0]?.id;
        if (!id) {
          setCodeError(t.unknownShipment);
          return;
        }
      }
      await api.call<PassportDetail>(`/v1/passports/${id}/receipt`, {
        method: 'POST',
        body: location.trim() ? { location: location.trim() } : {},
        idempotencyKey: newIdempotencyKey(),
      });
      navigate(`/staff/passports/${id}`);
    }, (refusal) => {
      const state = refusal.status === 409 ? passportStateOf(refusal) : undefined;
      if (state && id) setNotReceived({ id, state, erased: (refusal as { personalDataErased?: unknown }).personalDataErased === true });
      else setProblem(refusal);
    });
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    void receive(code);
  }

  // A role that may not receive (an analyst) is not offered the scan the API would refuse (403).
  if (!canReceive) {
    return (
      <section aria-labelledby="receive-title">
        <h1 id="receive-title">{t.title}</h1>
        <p>{t.opsOnly}</p>
      </section>
    );
  }

  return (
    <section aria-labelledby="receive-title">
      <h1 id="receive-title">{t.title}</h1>
      <p>{t.intro}</p>
      <form onSubmit={submit} noValidate className="card">
        <TextField
          label={t.code}
          hint={t.codeHint}
          name="code"
          value={code}
          onChange={(event) => setCode(event.target.value)}
          error={codeError ?? errors.get('shipmentNo') ?? errors.get('id')}
          autoComplete="off"
          inputMode="text"
          autoFocus
        />
        <TextField
          label={t.location}
          hint={t.locationHint}
          name="location"
          optional
          value={location}
          onChange={(event) => setLocation(event.target.value)}
          error={errors.get('location')}
          maxLength={100}
        />
        {problem && !errors.has('shipmentNo') && !errors.has('location') ? <ProblemMessage problem={problem} /> : null}
        {notReceived ? (
          <p className="problem" role="alert" data-testid="not-received">
            {notReceived.erased ? t.erased : t.notReceived(labels.states[notReceived.state])} <Link href={`/staff/passports/${notReceived.id}`}>{t.openPassport}</Link>
          </p>
        ) : null}
        <div className="actions">
          <Button type="submit" busy={busy}>
            {t.submit}
          </Button>
          <Button type="button" variant="secondary" onClick={() => setScanning(true)} disabled={scanning}>
            {t.scan}
          </Button>
        </div>
        {busy ? <Loading label={t.finding} /> : null}
      </form>
      {scanning ? (
        <Suspense fallback={<Loading />}>
          <CameraScanner
            onClose={() => setScanning(false)}
            onCode={(scanned) => {
              setScanning(false);
              setCode(scanned);
              void receive(scanned);
            }}
          />
        </Suspense>
      ) : null}
    </section>
  );
}
