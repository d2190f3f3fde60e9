import { useEffect, useRef, useState } from 'react';
import { useMessages } from '../i18n';
import { Button } from '../ui/kit';
import { barcodeDetector } from './barcode-detector';

const TEXT = {
  de: {
    title: 'Etikett scannen',
    hint: 'Halten Sie den Barcode oder den QR-Code des Etiketts vor die Kamera.',
    video: 'Kamerabild',
    close: 'Schließen',
    noCamera: 'Die Kamera ist nicht verfügbar. Tippen Sie die Sendungsnummer stattdessen ab.',
  },
  en: {
    title: 'Scan the label',
    hint: "Hold the label's barcode or QR code in front of the camera.",
    video: 'Camera picture',
    close: 'Close',
    noCamera: 'The camera is not available. Type the shipment number instead.',
  },
};

/** How often a frame is decoded: often enough to feel instant, rare enough to spare a phone's battery. */
const SCAN_INTERVAL_MS = 250;

/**
 * The camera's picture with the label's barcode (Code 128, the shipment number) or QR code (the
 * passport id) decoded from it: by the browser's BarcodeDetector where it has one, else by ZXing
 * compiled to WebAssembly. Stops the camera when it found a code or is closed.
 */
export default function CameraScanner({ onCode, onClose }: { onCode(code: string): void; onClose(): void }) {
  const t = useMessages(TEXT);
  const video = useRef<HTMLVideoElement>(null);
  const [failed, setFailed] = useState(false);
  // The camera keeps running across re-renders of the page that opened it.
  const found = useRef(onCode);
  found.current = onCode;

  useEffect(() => {
    let stream: MediaStream | undefined;
    let timer: number | undefined;
    let stopped = false;
    (async () => {
      try {
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
        if (stopped || !video.current) return;
        video.current.srcObject = stream;
        await video.current.play();
        const detector = await barcodeDetector();
        const scan = async () => {
          if (stopped || !video.current) return;
          const [code] = await detector.detect(video.current).catch(() => []);
          if (code?.rawValue) {
            stopped = true;
            found.current(code.rawValue);
            return;
          }
          timer = window.setTimeout(() => void scan(), SCAN_INTERVAL_MS);
        };
        void scan();
      } catch {
        if (!stopped) setFailed(true);
      }
    })();
    return () => {
      stopped = true;
      window.clearTimeout(timer);
      for (const track of stream?.getTracks() ?? []) track.stop();
    };
  }, []);

  return (
    <section className="card scanner" aria-labelledby="scanner-title">
      <h2 id="scanner-title">{t.title}</h2>
      {failed ? (
        <p role="alert">{t.noCamera}</p>
      ) : (
        <>
          <p>{t.hint}</p>
          <video ref={video} className="scanner__video" muted playsInline aria-label={t.video} />
        </>
      )}
      <Button type="button" variant="secondary" onClick={onClose}>
        {t.close}
      </Button>
    </section>
  );
}
