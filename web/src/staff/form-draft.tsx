import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { useMessages } from '../i18n';
import { Button } from '../ui/kit';

const TEXT = {
  de: { restored: 'Ihr nicht gespeicherter Entwurf dieses Formulars ist wiederhergestellt.', discard: 'Entwurf verwerfen' },
  en: { restored: 'Your unsaved draft of this form is restored.', discard: 'Discard the draft' },
};

const PREFIX = 'kreislauf.staff.draft.';

/**
 * Whose drafts the forms keep and read: the signed-in person's subject (`sub`). A draft is kept under
 * `kreislauf.staff.draft.{subject}.{key}`, so that a draft is only ever offered to whoever typed it; with no subject
 * (a token without `sub`) no draft is kept. Until 7 December 2026 drafts were kept by passport only, and one typed
 * before "Abmelden" was offered to the next person signed in in the tab, and saved under that person's name.
 */
const DraftOwner = createContext<string | undefined>(undefined);

/** Gives the forms inside the signed-in person's subject as the owner of their drafts. */
export function DraftsOf({ subject, children }: { subject: string | undefined; children: ReactNode }) {
  return <DraftOwner.Provider value={subject}>{children}</DraftOwner.Provider>;
}

/** The storage key of the draft `key` of the signed-in person, or undefined when drafts cannot be told apart by person. */
function useStorageKey(key: string): string | undefined {
  const owner = useContext(DraftOwner);
  return owner ? `${PREFIX}${encodeURIComponent(owner)}.${key}` : undefined;
}

/**
 * A form's entries kept in this tab (sessionStorage) under `key` while they are typed, until the form is sent or its
 * draft discarded: a grading whose save answers 401 (the ID token expired) shows the sign-in in its place, and after
 * signing in again the same passport opens with the entries as they were (until 7 December 2026 they were lost).
 * Tab storage: closing the tab drops the draft, as it signs out; so do "Abmelden" and a sign-in as someone else
 * ({@link forgetDrafts}). `draft` is written whenever it changes, and removed when `isEmpty` says nothing is in it.
 */
export function useFormDraft<T>(key: string, draft: T, isEmpty: (draft: T) => boolean) {
  const storageKey = useStorageKey(key);
  const serialized = isEmpty(draft) ? undefined : JSON.stringify(draft);
  useEffect(() => {
    if (storageKey === undefined) return;
    try {
      if (serialized === undefined) sessionStorage.removeItem(storageKey);
      else sessionStorage.setItem(storageKey, serialized);
    } catch {
      // Private browsing may refuse storage; the form then works as before, without a draft.
    }
  }, [storageKey, serialized]);
  return {
    /** Drops the draft once the form is sent or discarded. */
    forget: () => {
      if (storageKey !== undefined) removeKept(storageKey);
    },
  };
}

/**
 * Drops the drafts of this tab: all of them ("Abmelden"), or, given the subject of the person who just signed in, all
 * but that person's own (a draft kept through an expired sign-in is offered again to whoever typed it, and never to
 * another person signing in in the same tab).
 */
export function forgetDrafts(keepSubject?: string): void {
  const kept = keepSubject ? `${PREFIX}${encodeURIComponent(keepSubject)}.` : undefined;
  try {
    const keys = Array.from({ length: sessionStorage.length }, (_, index) => sessionStorage.key(index));
    for (const key of keys) if (key?.startsWith(PREFIX) && !(kept && key.startsWith(kept))) sessionStorage.removeItem(key);
  } catch {
    // Nothing was kept.
  }
}

/** The signed-in person's draft kept under `key` from before (JSON, to be checked by the form), as it was when the form opened. */
function useKeptDraft(key: string): unknown {
  const storageKey = useStorageKey(key);
  const [kept] = useState(() => {
    if (storageKey === undefined) return undefined;
    try {
      const text = sessionStorage.getItem(storageKey);
      return text ? (JSON.parse(text) as unknown) : undefined;
    } catch {
      return undefined;
    }
  });
  return kept;
}

/** What a grading's or a rejection's draft keeps: the one choice made (a grade, a reason), the notes and the photos uploaded. */
export interface ChoiceDraft<C extends string> {
  choice: C | undefined;
  notes: string;
  photos: string[];
}

/**
 * The signed-in person's choice draft kept under `key` when the form opened, with what does not read as one left out (a
 * choice not among `choices`, say).
 */
export function useKeptChoiceDraft<C extends string>(key: string, choices: readonly C[]): ChoiceDraft<C> | undefined {
  const kept = useKeptDraft(key) as Partial<Record<keyof ChoiceDraft<C>, unknown>> | undefined;
  if (typeof kept !== 'object' || kept === null) return undefined;
  return {
    choice: (choices as readonly unknown[]).includes(kept.choice) ? (kept.choice as C) : undefined,
    notes: typeof kept.notes === 'string' ? kept.notes : '',
    photos: Array.isArray(kept.photos) ? kept.photos.filter((url): url is string => typeof url === 'string') : [],
  };
}

export const isEmptyChoiceDraft = (draft: ChoiceDraft<string>) => draft.choice === undefined && draft.notes === '' && draft.photos.length === 0;

function removeKept(storageKey: string): void {
  try {
    sessionStorage.removeItem(storageKey);
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
