import { useEffect, useId, useRef, useState, type RefObject } from 'react';
import type { Problem } from '../../../shared/schemas/common';
import { Button, firstInvalidControl } from '../ui/kit';

/**
 * A form that asks once more before it sends what cannot be undone (a parcel's rejection, a buyer's
 * return): its first valid submit asks, with the focus on the answer; the answer "yes" is the form's
 * submit again. When the question goes (answered, declined, or refused by a check), the focus goes
 * back to the first field with an error, else to the form's button.
 */
export function useAskOnceMore({ form, submitButton, busy }: { form: RefObject<HTMLFormElement | null>; submitButton: RefObject<HTMLButtonElement | null>; busy: boolean }) {
  const [asking, setAsking] = useState(false);
  const yesButton = useRef<HTMLButtonElement>(null);
  // Where the focus goes once the page shows the step just taken.
  const focusNext = useRef<'yes' | 'form'>(undefined);
  useEffect(() => {
    if (!focusNext.current || busy) return;
    const target = focusNext.current === 'yes' ? yesButton.current : (firstInvalidControl(form.current) ?? submitButton.current);
    focusNext.current = undefined;
    target?.focus();
  });

  return {
    asking,
    yesButton,
    /**
     * At a valid submit: true when the question is asked now (send nothing yet), false when this
     * submit answered it; the question then stays, its "yes" busy, until the form calls `backToForm`.
     */
    ask(): boolean {
      if (asking) return false;
      setAsking(true);
      focusNext.current = 'yes';
      return true;
    },
    /** The question is gone, and the focus goes back to the form. */
    backToForm() {
      setAsking(false);
      focusNext.current = 'form';
    },
    /** The question is taken back without moving the focus (the person is changing a field). */
    withdraw() {
      setAsking(false);
    },
    /**
     * What the answered question led to when the API refused it: a 409 goes to the page (`onConflict` says it above the
     * facts, with the focus there, and the passport's new state takes the form away), the question withdrawn; any other
     * refusal is shown at the form (`show`), and the focus goes back to it.
     */
    refused(refusal: Problem, onConflict: (problem: Problem) => void, show: (problem: Problem) => void) {
      setAsking(false);
      if (refusal.status === 409) return onConflict(refusal);
      show(refusal);
      focusNext.current = 'form';
    },
  };
}

/** The question asked, with "yes" (the form's submit) and "no". */
export function OnceMoreQuestion({
  question,
  yes,
  no,
  busy,
  asked,
}: {
  question: string;
  yes: string;
  no: string;
  busy: boolean;
  asked: Pick<ReturnType<typeof useAskOnceMore>, 'yesButton' | 'backToForm'>;
}) {
  const questionId = useId();
  return (
    <div role="group" aria-labelledby={questionId}>
      <p id={questionId}>
        <strong>{question}</strong>
      </p>
      <div className="actions">
        <Button ref={asked.yesButton} type="submit" busy={busy}>
          {yes}
        </Button>
        <Button type="button" variant="secondary" disabled={busy} onClick={asked.backToForm}>
          {no}
        </Button>
      </div>
    </div>
  );
}
