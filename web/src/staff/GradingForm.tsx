import { useId, useState, type FormEvent } from 'react';
import { GRADES, type Grade } from '../../../shared/domain/catalog';
import { PHOTO_CONTENT_TYPES } from '../../../shared/domain/photos';
import type { PassportDetail, PhotoUpload } from '../../../shared/schemas/staff';
import { ApiProblem, fieldErrors, newIdempotencyKey } from '../api';
import { useMessages } from '../i18n';
import type { AuthorizedApi } from '../sign-in/authorized';
import { Button, ChoiceGroup, ProblemMessage, TextAreaField } from '../ui/kit';
import { useRequest } from '../ui/use-request';
import { CODE_LABELS } from './labels';

const TEXT = {
  de: {
    title: 'Bewerten',
    grade: 'Zustand des Artikels',
    gradeRequired: 'Bitte wählen Sie eine Bewertung.',
    notes: 'Notizen',
    notesHint: 'Was Sie gefunden haben, z. B. „Akku schwach“. Die Reparatur sieht diese Notizen.',
    photos: 'Fotos',
    photosHint: 'JPEG, PNG oder WebP; bis zu 20. Die Angebote zeigen sie.',
    optional: 'optional',
    uploading: (done: number, all: number) => `Fotos werden hochgeladen (${done} von ${all}) …`,
    uploadFailed: (name: string) => `${name} konnte nicht hochgeladen werden.`,
    wrongType: (name: string) => `${name} ist kein JPEG-, PNG- oder WebP-Bild.`,
    submit: 'Bewertung speichern',
  },
  en: {
    title: 'Grade',
    grade: "The item's condition",
    gradeRequired: 'Please pick a grade.',
    notes: 'Notes',
    notesHint: 'What you found, e.g. “battery worn”. The repair partner sees these notes.',
    photos: 'Photos',
    photosHint: 'JPEG, PNG or WebP; up to 20. The listings show them.',
    optional: 'optional',
    uploading: (done: number, all: number) => `Uploading photos (${done} of ${all}) …`,
    uploadFailed: (name: string) => `${name} could not be uploaded.`,
    wrongType: (name: string) => `${name} is not a JPEG, PNG or WebP image.`,
    submit: 'Save grading',
  },
};

const MAX_PHOTOS = 20;

/**
 * The grading of a received item: grade, notes and photos. Each photo is uploaded to the address
 * the API presigns for it (`POST /v1/passports/{id}/photos`), then the grading names them
 * (`POST /v1/passports/{id}/grading`). One Idempotency-Key per grading, kept across retries after
 * a lost answer, so a retry never grades twice.
 */
export function GradingForm({ api, passport, onGraded }: { api: AuthorizedApi; passport: PassportDetail; onGraded(passport: PassportDetail): void }) {
  const t = useMessages(TEXT);
  const labels = useMessages(CODE_LABELS);
  const photosId = useId();
  const [grade, setGrade] = useState<Grade>();
  const [notes, setNotes] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [uploaded, setUploaded] = useState(new Map<File, string>());
  const [progress, setProgress] = useState<string>();
  const { busy, problem, setProblem, run } = useRequest();
  const [localErrors, setLocalErrors] = useState(new Map<string, string>());
  const [idempotencyKey, setIdempotencyKey] = useState(newIdempotencyKey);
  const errors = new Map([...fieldErrors(problem), ...localErrors]);
  const photoError = errors.get('photos') ?? [...errors.entries()].find(([field]) => field.startsWith('photos.'))?.[1];

  async function upload(file: File): Promise<string> {
    const known = uploaded.get(file);
    if (known) return known;
    const slot = await api.call<PhotoUpload>(`/v1/passports/${passport.id}/photos`, { method: 'POST', body: { contentType: file.type } });
    const put = await fetch(slot.uploadUrl, { method: 'PUT', headers: { 'content-type': file.type }, body: file }).catch(() => undefined);
    if (!put?.ok) throw new ApiProblem({ type: 'about:blank', title: t.uploadFailed(file.name), status: put?.status ?? 0, errors: [{ in: 'body', path: ['photos'], message: t.uploadFailed(file.name) }] });
    setUploaded((current) => new Map(current).set(file, slot.url));
    return slot.url;
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setProblem(undefined);
    const checks = new Map<string, string>();
    if (!grade) checks.set('grade', t.gradeRequired);
    const wrong = files.find((file) => !(PHOTO_CONTENT_TYPES as readonly string[]).includes(file.type));
    if (wrong) checks.set('photos', t.wrongType(wrong.name));
    setLocalErrors(checks);
    if (checks.size > 0 || !grade) return;
    try {
      await run(
        async () => {
          const photos: string[] = [];
          for (const file of files) {
            setProgress(t.uploading(photos.length, files.length));
            photos.push(await upload(file));
          }
          setProgress(undefined);
          const graded = await api.call<PassportDetail>(`/v1/passports/${passport.id}/grading`, {
            method: 'POST',
            idempotencyKey,
            body: { grade, ...(notes.trim() ? { notes: notes.trim() } : {}), ...(photos.length ? { photos } : {}) },
          });
          onGraded(graded);
        },
        (refusal) => {
          setProblem(refusal);
          // A refused grading is corrected and sent as a new one; a lost answer is retried under the same key.
          if (refusal.status >= 400) setIdempotencyKey(newIdempotencyKey());
        },
      );
    } finally {
      setProgress(undefined);
    }
  }

  const fieldProblem = [...errors.keys()].some((field) => field === 'grade' || field === 'notes' || field.startsWith('photos'));
  return (
    <form className="card" onSubmit={submit} noValidate aria-labelledby="grading-title">
      <h2 id="grading-title">{t.title}</h2>
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
      <div className={`field${photoError ? ' field--invalid' : ''}`}>
        <label htmlFor={photosId}>
          {t.photos} <span className="field__optional">({t.optional})</span>
        </label>
        <p className="field__hint" id={`${photosId}-hint`}>
          {t.photosHint}
        </p>
        <input
          id={photosId}
          name="photos"
          type="file"
          accept={PHOTO_CONTENT_TYPES.join(',')}
          capture="environment"
          multiple
          onChange={(event) => setFiles([...(event.target.files ?? [])].slice(0, MAX_PHOTOS))}
          aria-invalid={photoError ? true : undefined}
          aria-describedby={`${photosId}-hint${photoError ? ` ${photosId}-error` : ''}`}
        />
        {photoError ? (
          <p className="field__error" id={`${photosId}-error`}>
            {photoError}
          </p>
        ) : null}
      </div>
      {problem && !fieldProblem ? <ProblemMessage problem={problem} /> : null}
      {progress ? (
        <p role="status" className="loading">
          {progress}
        </p>
      ) : null}
      <Button type="submit" busy={busy}>
        {t.submit}
      </Button>
    </form>
  );
}
