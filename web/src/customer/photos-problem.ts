import { CUSTOMER_PHOTO_LIMIT, photoFileProblem } from '../../../shared/domain/photos';

/** Why the chosen photos cannot be sent, or undefined when they can. */
export function photosProblem(
  files: readonly File[],
  m: { photosTooMany(limit: number): string; photoWrongType(name: string): string; photoTooLarge(name: string): string },
): string | undefined {
  if (files.length > CUSTOMER_PHOTO_LIMIT) return m.photosTooMany(CUSTOMER_PHOTO_LIMIT);
  const wrong = files.find((file) => photoFileProblem(file) === 'TYPE');
  if (wrong) return m.photoWrongType(wrong.name);
  const large = files.find((file) => photoFileProblem(file) === 'SIZE');
  return large ? m.photoTooLarge(large.name) : undefined;
}
