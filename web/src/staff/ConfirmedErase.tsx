import { useState, type FormEvent } from 'react';
import { useMessages } from '../i18n';
import { Button } from '../ui/kit';

const TEXT = {
  de: { submit: 'Daten löschen', confirm: 'Wirklich löschen? Das lässt sich nicht rückgängig machen.', yes: 'Ja, endgültig löschen', no: 'Abbrechen' },
  en: { submit: 'Erase the data', confirm: 'Really erase? This cannot be undone.', yes: 'Yes, erase for good', no: 'Cancel' },
};

/**
 * An erasure asked once more before it is sent: the form's first submit asks (focus on the answer),
 * the second, on "yes", goes ahead. `onSubmit` is the form's handler; `erase` runs once confirmed.
 */
export function useConfirmedErase(erase: () => Promise<void>) {
  const [confirming, setConfirming] = useState(false);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!confirming) {
      setConfirming(true);
      return;
    }
    setConfirming(false);
    await erase();
  }

  return { confirming, onSubmit, cancel: () => setConfirming(false) };
}

/** The form's submit button, or, while asking, the question with "yes" (a submit) and "cancel". */
export function ConfirmedEraseButtons({ confirming, busy, onCancel }: { confirming: boolean; busy: boolean; onCancel(): void }) {
  const t = useMessages(TEXT);
  if (!confirming) {
    return (
      <Button type="submit" busy={busy} variant="secondary">
        {t.submit}
      </Button>
    );
  }
  return (
    <div role="group" aria-label={t.confirm}>
      <p>
        <strong>{t.confirm}</strong>
      </p>
      <Button type="submit" busy={busy} variant="secondary" autoFocus>
        {t.yes}
      </Button>{' '}
      <Button type="button" variant="secondary" onClick={onCancel}>
        {t.no}
      </Button>
    </div>
  );
}
