import { useRef, useState, type FormEvent } from 'react';
import { GRADES, type Grade } from '../../../shared/domain/catalog';
import type { Problem } from '../../../shared/schemas/common';
import type { PassportDetail } from '../../../shared/schemas/staff';
import { fieldErrors } from '../api';
import { useMessages } from '../i18n';
import { refusalIn, useFocusWhenShown } from '../ui/focus';
import type { AuthorizedApi } from '../sign-in/authorized';
import { Button, ChoiceGroup, ProblemMessage, TextAreaField } from '../ui/kit';
import { useKeyedRequest } from '../ui/use-request';
import { type ChoiceDraft, isEmptyChoiceDraft, RestoredDraft, useKeptChoiceDraft, useFormDraft } from './form-draft';
import { CODE_LABELS } from './labels';
import { PhotosField, photosError, UploadProgress, usePhotoUploads } from './PhotoUploads';
import { isPassportDetail } from './answers';

const TEXT = {
  de: {
    title: 'Bewerten',
    grade: 'Zustand des Artikels',
    gradeRequired: 'Bitte wählen Sie eine Bewertung.',
    notes: 'Notizen',
    notesHint: 'Was Sie gefunden haben, z. B. „Akku schwach“. Die Reparatur sieht diese Notizen.',
    photosHint: 'JPEG, PNG oder WebP; bis zu 20. Die Angebote zeigen sie.',
    submit: 'Bewertung speichern',
  },
  en: {
    title: 'Grade',
    grade: "The item's condition",
    gradeRequired: 'Please pick a grade.',
    notes: 'Notes',
    notesHint: 'What you found, e.g. “battery worn”. The repair partner sees these notes.',
    photosHint: 'JPEG, PNG or WebP; up to 20. The listings show them.',
    submit: 'Save grading',
  },
};

/**
 * The grading of a received item: grade, notes and photos. Each photo is uploaded to the address
 * the API presigns for it (`POST /v1/passports/{id}/photos`), then the grading names them
 * (`POST /v1/passports/{id}/grading`). One Idempotency-Key per grading, kept across retries after
 * a lost answer, so a retry never grades twice. A 409 (graded, rejected or cancelled meanwhile) goes to `onConflict`,
 * which says so in the page's words and shows the item as it is now; another refusal is said at its field or above
 * the button, with the focus there. The entries are kept as a draft in this tab until the grading is saved or the draft
 * discarded (`useFormDraft`): a 401 shows the sign-in, and after it the passport opens with them again.
 */
export function GradingForm({
  api,
  passport,
  onGraded,
  onConflict,
}: {
  api: AuthorizedApi;
  passport: PassportDetail;
  onGraded(passport: PassportDetail): void;
  onConflict(problem: Problem): void;
}) {
  const t = useMessages(TEXT);
  const labels = useMessages(CODE_LABELS);
  const restored = useKeptChoiceDraft(gradingDraftKey(passport.id), GRADES);
  const [grade, setGrade] = useState<Grade | undefined>(restored?.choice);
  const [notes, setNotes] = useState(restored?.notes ?? '');
  const uploads = usePhotoUploads(api, passport.id, restored?.photos);
  const draft = useFormDraft<ChoiceDraft<Grade>>(gradingDraftKey(passport.id), { choice: grade, notes, photos: uploads.uploadedUrls }, isEmptyChoiceDraft);
  const [showRestored, setShowRestored] = useState(restored !== undefined);
  const { busy, problem, setProblem, send } = useKeyedRequest();
  const [localErrors, setLocalErrors] = useState(new Map<string, string>());
  const errors = new Map([...fieldErrors(problem), ...localErrors]);
  const form = useRef<HTMLFormElement>(null);
  const focusWhenShown = useFocusWhenShown();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setProblem(undefined);
    const checks = new Map<string, string>();
    if (!grade) checks.set('grade', t.gradeRequired);
    const fileError = uploads.fileError();
    if (fileError) checks.set('photos', fileError);
    setLocalErrors(checks);
    if (checks.size > 0 || !grade) {
      focusWhenShown(() => refusalIn(form.current));
      return;
    }
    // A refused grading is corrected and sent as a new one; a lost answer is retried under the same key.
    await send(async (idempotencyKey) => {
      const photos = await uploads.uploadAll();
      const graded = await api.call<PassportDetail>(`/v1/passports/${passport.id}/grading`, {
        method: 'POST',
        idempotencyKey,
        body: { grade, ...(notes.trim() ? { notes: notes.trim() } : {}), ...(photos.length ? { photos } : {}) },
        isAnswer: isPassportDetail,
      });
      draft.forget();
      onGraded(graded);
    }, (refusal) => {
      if (refusal.status === 409) {
        // Graded, rejected or cancelled meanwhile: the form goes, and its draft with it.
        draft.forget();
        return onConflict(refusal);
      }
      setProblem(refusal);
      focusWhenShown(() => refusalIn(form.current));
    });
  }

  const fieldProblem = [...errors.keys()].some((field) => field === 'grade' || field === 'notes' || field.startsWith('photos'));
  return (
    <form ref={form} className="card" onSubmit={submit} noValidate aria-labelledby="grading-title">
      <h2 id="grading-title">{t.title}</h2>
      {showRestored ? (
        <RestoredDraft
          onDiscard={() => {
            setGrade(undefined);
            setNotes('');
            uploads.dropKept();
            setShowRestored(false);
          }}
        />
      ) : null}
      <ChoiceGroup legend={t.grade} name="grade" value={grade} onChange={(value) => setGrade(value as Grade)} options={GRADES.map((code) => ({ value: code, label: labels.grades[code] }))} error={errors.get('grade')} />
      <TextAreaField
        label={t.notes}
        optional
        hint={t.notesHint}
        error={errors.get('notes')}
        name="notes"
        rows={3}
        maxLength={2_000}
        value={notes}
        onChange={(event) => setNotes(event.target.value)}
      />
      <PhotosField uploads={uploads} hint={t.photosHint} error={photosError(errors)} />
      {problem && !fieldProblem ? <ProblemMessage problem={problem} /> : null}
      <UploadProgress uploads={uploads} />
      <Button type="submit" busy={busy}>
        {t.submit}
      </Button>
    </form>
  );
}

const gradingDraftKey = (passportId: string) => `grading.${passportId}`;
