import { useRef, useState, type FormEvent } from 'react';
import { REJECTION_REASONS, type RejectionReason } from '../../../shared/domain/parcel-rejection';
import type { Problem } from '../../../shared/schemas/common';
import { ParcelRejectionRequestSchema, type PassportDetail } from '../../../shared/schemas/staff';
import { fieldErrors, problemOfIssues } from '../api';
import { useMessages } from '../i18n';
import type { AuthorizedApi } from '../sign-in/authorized';
import { Button, ChoiceGroup, ProblemMessage, TextAreaField } from '../ui/kit';
import { useKeyedRequest } from '../ui/use-request';
import { OnceMoreQuestion, useAskOnceMore } from './ask-once-more';
import { type ChoiceDraft, isEmptyChoiceDraft, RestoredDraft, useKeptChoiceDraft, useFormDraft } from './form-draft';
import { CODE_LABELS } from './labels';
import { PhotosField, photosError, UploadProgress, usePhotoUploads } from './PhotoUploads';
import { isPassportDetail } from './answers';

const TEXT = {
  de: {
    title: 'Paket ablehnen',
    intro: 'Statt einer Bewertung, wenn im Paket nicht der angemeldete Artikel ist. Es gibt keine Auszahlung; der Kunde erhält eine E-Mail mit dem Grund.',
    reason: 'Grund',
    follows: {
      EMPTY: 'Die Rückgabe endet ohne Auszahlung.',
      OTHER_ITEM: 'Der Artikel geht auf Kosten der Marke an den Kunden zurück; keine Auszahlung.',
    } satisfies Record<RejectionReason, string>,
    reasonRequired: 'Bitte wählen Sie einen Grund.',
    notes: 'Was war im Paket?',
    notesHint: 'Mindestens 3 Zeichen, z. B. „nur Füllmaterial“ oder „Ladekabel statt Smartphone“. Nur für das Team: Der Kunde erfährt den Grund, nicht diese Notiz.',
    notesTooShort: 'Bitte beschreiben Sie in mindestens 3 Zeichen, was im Paket war.',
    photosHint: 'Der Inhalt des Pakets, als Beleg, falls der Kunde nachfragt: JPEG, PNG oder WebP; bis zu 20.',
    submit: 'Paket ablehnen',
    confirm: {
      EMPTY: 'Paket als leer ablehnen? Die Rückgabe endet ohne Auszahlung. Das lässt sich nicht rückgängig machen.',
      OTHER_ITEM: 'Paket ablehnen und den Artikel zurückschicken? Es gibt keine Auszahlung. Das lässt sich nicht rückgängig machen.',
    } satisfies Record<RejectionReason, string>,
    yes: 'Ja, Paket ablehnen',
    no: 'Abbrechen',
  },
  en: {
    title: 'Reject the parcel',
    intro: 'Instead of a grading, when the parcel does not hold the item declared. There is no payout; the customer is e-mailed the reason.',
    reason: 'Reason',
    follows: {
      EMPTY: 'The take-back ends without a payout.',
      OTHER_ITEM: "The item goes back to the customer at the brand's cost; no payout.",
    } satisfies Record<RejectionReason, string>,
    reasonRequired: 'Please pick a reason.',
    notes: 'What was in the parcel?',
    notesHint: 'At least 3 characters, e.g. “only packing material” or “charging cable instead of the phone”. For the team only: the customer is told the reason, not this note.',
    notesTooShort: 'Please describe in at least 3 characters what was in the parcel.',
    photosHint: "The parcel's content, as evidence should the customer ask: JPEG, PNG or WebP; up to 20.",
    submit: 'Reject the parcel',
    confirm: {
      EMPTY: 'Reject the parcel as empty? The take-back ends without a payout. This cannot be undone.',
      OTHER_ITEM: 'Reject the parcel and send the item back? There is no payout. This cannot be undone.',
    } satisfies Record<RejectionReason, string>,
    yes: 'Yes, reject the parcel',
    no: 'Cancel',
  },
};

/**
 * Rejects a received parcel instead of grading it (`POST /v1/passports/{id}/rejection`): it was empty,
 * or held another item than the one traded in. Asked once more before it is sent, since it cannot be
 * undone and means no payout. The reason and notes are checked against the request's schema first, so
 * the staff read what is missing in the page's language. A 409 (graded, rejected or cancelled meanwhile) goes to
 * `onConflict`, which says so in the page's words and shows the item as it is now; another refusal is shown as for
 * any form. As the grading's, its entries are kept as a draft in this tab until it is sent (`useFormDraft`), for a
 * sign-in in between.
 */
export function RejectParcelForm({
  api,
  passport,
  onRejected,
  onConflict,
}: {
  api: AuthorizedApi;
  passport: PassportDetail;
  onRejected(passport: PassportDetail): void;
  onConflict(problem: Problem): void;
}) {
  const t = useMessages(TEXT);
  const labels = useMessages(CODE_LABELS);
  const restored = useKeptChoiceDraft(rejectionDraftKey(passport.id), REJECTION_REASONS);
  const [reason, setReason] = useState<RejectionReason | undefined>(restored?.choice);
  const [notes, setNotes] = useState(restored?.notes ?? '');
  const uploads = usePhotoUploads(api, passport.id, restored?.photos);
  const draft = useFormDraft<ChoiceDraft<RejectionReason>>(rejectionDraftKey(passport.id), { choice: reason, notes, photos: uploads.uploadedUrls }, isEmptyChoiceDraft);
  const [showRestored, setShowRestored] = useState(restored !== undefined);
  const { busy, problem, setProblem, send } = useKeyedRequest();
  const errors = fieldErrors(problem);
  const form = useRef<HTMLFormElement>(null);
  const submitButton = useRef<HTMLButtonElement>(null);
  const asked = useAskOnceMore({ form, submitButton, busy });

  async function submit(event: FormEvent) {
    event.preventDefault();
    const checked = ParcelRejectionRequestSchema.safeParse({ reason, notes });
    if (!checked.success) {
      const messages = new Map([
        ['reason', t.reasonRequired],
        ['notes', t.notesTooShort],
      ]);
      setProblem(problemOfIssues(checked.error.issues, messages));
      asked.backToForm();
      return;
    }
    const fileError = uploads.fileError();
    if (fileError) {
      setProblem({ type: 'about:blank', title: 'Invalid request', status: 400, errors: [{ in: 'body', path: ['photos'], message: fileError }] });
      asked.backToForm();
      return;
    }
    if (asked.ask()) {
      setProblem(undefined);
      return;
    }
    // Once rejected, the page takes the form away.
    await send(
      async (idempotencyKey) => {
        const photos = await uploads.uploadAll();
        const body = { ...checked.data, ...(photos.length ? { photos } : {}) };
        const rejected = await api.call<PassportDetail>(`/v1/passports/${passport.id}/rejection`, { method: 'POST', idempotencyKey, body, isAnswer: isPassportDetail });
        draft.forget();
        onRejected(rejected);
      },
      (refusal) => {
        // Graded, rejected or cancelled meanwhile: the form goes, and its draft with it.
        if (refusal.status === 409) draft.forget();
        asked.refused(refusal, onConflict, setProblem);
      },
    );
  }

  const notesError = errors.get('notes');
  return (
    <form ref={form} className="card" onSubmit={submit} noValidate aria-labelledby="rejection-title">
      <h2 id="rejection-title">{t.title}</h2>
      <p>{t.intro}</p>
      {showRestored ? (
        <RestoredDraft
          onDiscard={() => {
            setReason(undefined);
            setNotes('');
            uploads.dropKept();
            setShowRestored(false);
          }}
        />
      ) : null}
      <ChoiceGroup
        legend={t.reason}
        name="reason"
        value={reason}
        onChange={(value) => setReason(value as RejectionReason)}
        options={REJECTION_REASONS.map((code) => ({
          value: code,
          label: (
            <>
              {labels.rejectionReasons[code]} <span className="choice__hint">{t.follows[code]}</span>
            </>
          ),
        }))}
        error={errors.get('reason')}
      />
      <TextAreaField
        label={t.notes}
        hint={t.notesHint}
        error={notesError}
        name="notes"
        rows={3}
        maxLength={2_000}
        value={notes}
        onChange={(event) => setNotes(event.target.value)}
      />
      <PhotosField uploads={uploads} hint={t.photosHint} error={photosError(errors)} />
      {problem && !errors.has('reason') && !notesError && !photosError(errors) ? <ProblemMessage problem={problem} /> : null}
      <UploadProgress uploads={uploads} />
      {asked.asking && reason ? (
        <OnceMoreQuestion question={t.confirm[reason]} yes={t.yes} no={t.no} busy={busy} asked={asked} />
      ) : (
        <Button ref={submitButton} type="submit" variant="secondary">
          {t.submit}
        </Button>
      )}
    </form>
  );
}

const rejectionDraftKey = (passportId: string) => `rejection.${passportId}`;
