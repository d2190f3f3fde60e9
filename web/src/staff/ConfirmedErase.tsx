import { useRef, type FormEvent } from 'react';
import { useMessages } from '../i18n';
import { Button } from '../ui/kit';
import { OnceMoreQuestion, useAskOnceMore } from './ask-once-more';

const TEXT = {
  de: { submit: 'Daten löschen', confirm: 'Wirklich löschen? Das lässt sich nicht rückgängig machen.', yes: 'Ja, endgültig löschen', no: 'Abbrechen' },
  en: { submit: 'Erase the data', confirm: 'Really erase? This cannot be undone.', yes: 'Yes, erase for good', no: 'Cancel' },
};

/**
 * An erasure asked once more before it is sent, as every form that cannot be undone asks (`useAskOnceMore`): the
 * form's first submit asks (focus on the answer), the second, on "yes", runs `erase`. `form` and `onSubmit` go on the
 * form, the rest to {@link ConfirmedEraseButtons}.
 */
export function useConfirmedErase(erase: () => Promise<void>, busy: boolean) {
  const form = useRef<HTMLFormElement>(null);
  const submitButton = useRef<HTMLButtonElement>(null);
  const asked = useAskOnceMore({ form, submitButton, busy });

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (asked.ask()) return;
    await erase();
    // Erased, the page shows what was; refused, the form shows why, with the focus back on it.
    asked.backToForm();
  }

  return { form, submitButton, asked, onSubmit };
}

/** The form's submit button, or, while asking, the question with "yes" (a submit) and "cancel". */
export function ConfirmedEraseButtons({ confirmed, busy }: { confirmed: Pick<ReturnType<typeof useConfirmedErase>, 'asked' | 'submitButton'>; busy: boolean }) {
  const t = useMessages(TEXT);
  if (confirmed.asked.asking) return <OnceMoreQuestion question={t.confirm} yes={t.yes} no={t.no} busy={busy} asked={confirmed.asked} />;
  return (
    <Button ref={confirmed.submitButton} type="submit" busy={busy} variant="secondary">
      {t.submit}
    </Button>
  );
}
