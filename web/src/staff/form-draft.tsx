import { useEffect } from 'react';
import { useMessages } from '../i18n';
import { Button } from '../ui/kit';

const TEXT = {
  de: { restored: 'Ihr nicht gespeicherter Entwurf dieses Formulars ist wiederhergestellt.', discard: 'Entwurf verwerfen' },
  en: { restored: 'Your unsaved draft of this form is restored.', discard: 'Discard the draft' },
};

const PREFIX = 'kreislauf.staff.draft.';

/**
 * A form's entries kept in this tab (sessionStorage) under `key` while they are typed, until the form is sent or its
 * draft discarded: a grading whose save answers 401 (the ID token expired) shows the sign-in in its place, and after
 * signing in again the same passport opens with the entries as they were (until 7 December 2026 they were lost).
 * Tab storage: closing the tab drops the draft, as it signs out. `draft` is written whenever it changes, and removed
 * when `isEmpty` says nothing is in it.
 */
export function useFormDraft<T>(key: string, draft: T, isEmpty: (draft: T) => boolean) {
  const serialized = isEmpty(draft) ? undefined : JSON.stringify(draft);
  useEffect(() => {
    try {
      if (serialized === undefined) sessionStorage.removeItem(PREFIX + key);
      else sessionStorage.setItem(PREFIX + key, serialized);
    } catch {
      // Private browsing may refuse storage; the form then works as before, without a draft.
    }
  }, [key, serialized]);
  return {
    /** Drops the draft once the form is sent or discarded. */
    forget: () => forgetDraft(key),
  };
}

/** The draft kept under `key` from before (JSON, to be checked by the form), or undefined when there is none. */
export function readDraft(key: string): unknown {
  try {
    const kept = sessionStorage.getItem(PREFIX + key);
    return kept ? (JSON.parse(kept) as unknown) : undefined;
  } catch {
    return undefined;
  }
}

/** What a grading's or a rejection's draft keeps: the one choice made (a grade, a reason), the notes and the photos uploaded. */
export interface ChoiceDraft<C extends string> {
  choice: C | undefined;
  notes: string;
  photos: string[];
}

/** The choice draft kept under `key`, with what does not read as one left out (a choice not among `choices`, say). */
export function readChoiceDraft<C extends string>(key: string, choices: readonly C[]): ChoiceDraft<C> | undefined {
  const kept = readDraft(key) as Partial<Record<keyof ChoiceDraft<C>, unknown>> | undefined;
  if (typeof kept !== 'object' || kept === null) return undefined;
  return {
    choice: (choices as readonly unknown[]).includes(kept.choice) ? (kept.choice as C) : undefined,
    notes: typeof kept.notes === 'string' ? kept.notes : '',
    photos: Array.isArray(kept.photos) ? kept.photos.filter((url): url is string => typeof url === 'string') : [],
  };
}

export const isEmptyChoiceDraft = (draft: ChoiceDraft<string>) => draft.choice === undefined && draft.notes === '' && draft.photos.length === 0;

function forgetDraft(key: string): void {
  try {
    sessionStorage.removeItem(PREFIX + key);
  } catch {
    // Nothing was kept.
  }
}

/** Says that a form opened with its draft from before, with a button that empties the form (and so drops the draft). */
export function RestoredDraft({ onDiscard }: { onDiscard(): void }) {
  const t = useMessages(TEXT);
  return (
    <div className="card" role="status" data-testid="form-draft">
      <p>{t.restored}</p>
      <Button type="button" variant="secondary" onClick={onDiscard}>
        {t.discard}
      </Button>
    </div>
  );
}
