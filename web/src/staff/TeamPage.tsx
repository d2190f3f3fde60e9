import { useEffect, useState } from 'react';
import type { StaffMember } from '../../../shared/schemas/staff';
import { ApiProblem } from '../api';
import { formatDateTime, useLocale, useMessages } from '../i18n';
import type { AuthorizedApi } from '../sign-in/authorized';
import { Loading, ProblemMessage } from '../ui/kit';
import { useRequest } from '../ui/use-request';
import { CODE_LABELS } from './labels';
import { useStaffDirectory } from './staff-names';
import { TableScroll } from './TableScroll';

const TEXT = {
  de: {
    title: 'Team',
    intro:
      'Wer für die Marke in dieser Konsole gearbeitet hat: Die Konsole trägt jede Person beim Öffnen ein, und die Seiten nennen sie bei ihrer Adresse, wo sie etwas getan hat.',
    email: 'E-Mail-Adresse',
    roles: 'Rollen',
    seen: 'Zuletzt gesehen',
    actions: 'Aktionen',
    you: '(Sie)',
    remove: 'Aus dem Verzeichnis nehmen',
    removeOf: (email: string) => `Aus dem Verzeichnis nehmen: ${email}`,
    removed: (email: string) =>
      `${email} ist aus dem Verzeichnis genommen: Was die Person getan hat, steht nun unter ihrer Kennung. Wer noch Zugang hat, wird beim nächsten Öffnen der Konsole wieder eingetragen; den Zugang entziehen Sie in der Anmeldung der Marke (Cognito).`,
    adminsRemove: 'Personen aus dem Verzeichnis nehmen dürfen nur Administratoren der Marke.',
    empty: 'Noch niemand hat die Konsole geöffnet.',
  },
  en: {
    title: 'Team',
    intro: "Who worked for the brand in this console: the console records each person when it opens, and the pages name them by their address where they did something.",
    email: 'E-mail address',
    roles: 'Roles',
    seen: 'Last seen',
    actions: 'Actions',
    you: '(you)',
    remove: 'Remove from the directory',
    removeOf: (email: string) => `Remove from the directory: ${email}`,
    removed: (email: string) =>
      `${email} is removed from the directory: what they did now shows under their subject. Someone who still has access is recorded again when they next open the console; withdraw access in the brand's sign-in (Cognito).`,
    adminsRemove: "Only the brand's administrators may remove people from the directory.",
    empty: 'Nobody has opened the console yet.',
  },
};

/**
 * The brand's staff directory (`GET /v1/staff`, any staff role, read again as the page opens): each person's address,
 * roles and last visit, the signed-in person marked; an admin takes someone out of it (`DELETE /v1/staff/{subject}`),
 * and every page of the console then names them by their subject.
 */
export function TeamPage({ api, subject, canRemove }: { api: AuthorizedApi; subject: string | undefined; canRemove: boolean }) {
  const t = useMessages(TEXT);
  const labels = useMessages(CODE_LABELS);
  const { locale } = useLocale();
  const { staff, problem: listProblem, reload, forget } = useStaffDirectory();
  const [removed, setRemoved] = useState<string>();
  const { busy, problem, run } = useRequest();

  useEffect(() => reload(), [reload]);

  async function remove(member: StaffMember) {
    await run(async () => {
      // Removed meanwhile by another admin (404): gone all the same.
      await api.call(`/v1/staff/${encodeURIComponent(member.subject)}`, { method: 'DELETE' }).catch((error: unknown) => {
        if (!(error instanceof ApiProblem && error.problem.status === 404)) throw error;
      });
      forget(member.subject);
      setRemoved(member.email);
    });
  }

  return (
    <section aria-labelledby="team-title">
      <h1 id="team-title">{t.title}</h1>
      <p>{t.intro}</p>
      {canRemove ? null : <p>{t.adminsRemove}</p>}
      <ProblemMessage problem={problem} />
      {removed ? <p role="status">{t.removed(removed)}</p> : null}
      <ProblemMessage problem={listProblem} onRetry={reload} />
      {!staff && !listProblem ? <Loading /> : null}
      {staff && staff.length === 0 ? <p>{t.empty}</p> : null}
      {staff && staff.length > 0 ? (
        <TableScroll label={t.title}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t.email}</th>
                <th scope="col">{t.roles}</th>
                <th scope="col">{t.seen}</th>
                {canRemove ? <th scope="col">{t.actions}</th> : null}
              </tr>
            </thead>
            <tbody>
              {staff.map((member) => (
                <tr key={member.subject}>
                  <td>
                    {member.email}
                    {member.subject === subject ? ` ${t.you}` : ''}
                  </td>
                  <td>{member.roles.map((role) => labels.staffRoles[role]).join(', ')}</td>
                  <td>{formatDateTime(member.seenAt, locale)}</td>
                  {canRemove ? (
                    <td>
                      {member.subject === subject ? null : (
                        <button type="button" className="link-button" disabled={busy} aria-label={t.removeOf(member.email)} onClick={() => void remove(member)}>
                          {t.remove}
                        </button>
                      )}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      ) : null}
    </section>
  );
}
