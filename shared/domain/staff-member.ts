/**
 * What the staff directory records of a token (`PUT /v1/staff/me`). A subject is kept only in the form
 * `DELETE /v1/staff/{subject}` can name (a Cognito subject is a UUID), so that everyone recorded can be removed again;
 * an e-mail address only as one address: no spaces, line breaks, control or format characters (a bidi override would
 * turn the console's list around), one `@` with text on both sides, at most 254 characters. Until 7 December 2026 the
 * claims were recorded as the token carried them: `a@b.c\nBcc: x@y.z` was listed back, and a subject with a slash or a
 * space was recorded but could never be removed (the DELETE answered 400).
 */
export const STAFF_SUBJECT_FORM = /^[\w.:@|+-]{1,128}$/;

const STAFF_EMAIL_FORM = /^[^\s@\p{C}]+@[^\s@\p{C}]+$/u;

/** Whether a token's `email` claim can be listed as a staff member's address. */
export const isStaffEmail = (email: string): boolean => email.length <= 254 && STAFF_EMAIL_FORM.test(email);
