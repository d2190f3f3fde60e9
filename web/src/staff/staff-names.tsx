import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { StaffDirectory, StaffMember } from '../../../shared/schemas/staff';
import { ApiProblem } from '../api';
import type { AuthorizedApi } from '../sign-in/authorized';
import type { StaffSession } from '../sign-in/session';

/** A person of the brand's staff named by the subject a passport's `by` fields keep: their e-mail address where known, else the subject. */
export type NameOf = (subject: string) => string;

const StaffNames = createContext<NameOf>((subject) => subject);

/**
 * Names the brand's staff on every page below it. When the console opens it records who signed in
 * (`PUT /v1/staff/me`), then reads the brand's directory (`GET /v1/staff`); until that answers, and for
 * anyone who never opened the console, a person shows by their subject, the signed-in person by their own address.
 */
export function StaffNamesProvider({ api, session, children }: { api: AuthorizedApi; session: StaffSession; children: ReactNode }) {
  const [directory, setDirectory] = useState<ReadonlyMap<string, string>>(new Map());
  useEffect(() => {
    let current = true;
    void (async () => {
      // Recorded first, so that the list holds this visit. A token without an address is refused (422) and the
      // rest of the directory is read all the same; a page works without names.
      await api.call<StaffMember>('/v1/staff/me', { method: 'PUT' }).catch(withoutNames);
      const listed = await api.call<StaffDirectory>('/v1/staff').catch(withoutNames);
      if (current && listed) setDirectory(new Map(listed.staff.map((member) => [member.subject, member.email])));
    })();
    return () => {
      current = false;
    };
  }, [api]);
  const nameOf = useMemo<NameOf>(
    () => (subject) => directory.get(subject) ?? (subject === session.subject ? session.email : undefined) ?? subject,
    [directory, session.subject, session.email],
  );
  return <StaffNames.Provider value={nameOf}>{children}</StaffNames.Provider>;
}

/** How the page names a person of the staff; see {@link StaffNamesProvider}. */
export function useStaffName(): NameOf {
  return useContext(StaffNames);
}

function withoutNames(error: unknown): undefined {
  if (error instanceof ApiProblem) return undefined;
  throw error;
}
