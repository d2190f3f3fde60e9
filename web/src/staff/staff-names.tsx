import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { Problem } from '../../../shared/schemas/common';
import type { StaffDirectory, StaffMember } from '../../../shared/schemas/staff';
import { ApiProblem } from '../api';
import type { AuthorizedApi } from '../sign-in/authorized';
import type { StaffSession } from '../sign-in/session';
import { isStaffDirectory } from './answers';

/** A person of the brand's staff named by the subject a passport's `by` fields keep: their e-mail address where known, else the subject. */
export type NameOf = (subject: string) => string;

/** The brand's staff directory as the console last read it, for the team page. */
export interface StaffDirectoryRead {
  /** Undefined until a read answers; a refused read keeps what the one before it gave. */
  staff: StaffMember[] | undefined;
  /** Why the last read was refused. */
  problem: Problem | undefined;
  /** Reads the directory again. */
  reload(): void;
  /** Takes a person out of what the console knows, as their removal from the directory did: every page names them by their subject again. */
  forget(subject: string): void;
}

const StaffNames = createContext<NameOf>((subject) => subject);
const Directory = createContext<StaffDirectoryRead>({ staff: undefined, problem: undefined, reload: () => undefined, forget: () => undefined });

/**
 * Names the brand's staff on every page below it. When the console opens it records who signed in
 * (`PUT /v1/staff/me`), then reads the brand's directory (`GET /v1/staff`); until that answers, and for
 * anyone who never opened the console, a person shows by their subject, the signed-in person by their own address.
 * The team page reads the directory through it, so that a person it takes out of the directory is named by their
 * subject on every page at once.
 */
export function StaffNamesProvider({ api, session, children }: { api: AuthorizedApi; session: StaffSession; children: ReactNode }) {
  const [staff, setStaff] = useState<StaffMember[]>();
  const [problem, setProblem] = useState<Problem>();
  /** The latest read asked for: an answer to an earlier one that comes after it is dropped. */
  const latest = useRef(0);
  const mounted = useRef(true);

  const read = useCallback(async () => {
    const asked = ++latest.current;
    const listed = await api.call<StaffDirectory>('/v1/staff', { isAnswer: isStaffDirectory }).catch((error: unknown) => {
      if (!(error instanceof ApiProblem)) throw error;
      if (mounted.current && asked === latest.current) setProblem(error.problem);
      return undefined;
    });
    if (!listed || !mounted.current || asked !== latest.current) return;
    setStaff(listed.staff);
    setProblem(undefined);
  }, [api]);

  useEffect(() => {
    mounted.current = true;
    void (async () => {
      // Recorded first, so that the list holds this visit. A token without an address is refused (422) and the
      // rest of the directory is read all the same; a page works without names.
      await api.call<StaffMember>('/v1/staff/me', { method: 'PUT' }).catch(withoutNames);
      await read();
    })();
    return () => {
      mounted.current = false;
    };
  }, [api, read]);

  const nameOf = useMemo<NameOf>(() => {
    const emails = new Map((staff ?? []).map((member) => [member.subject, member.email]));
    return (subject) => emails.get(subject) ?? (subject === session.subject ? session.email : undefined) ?? subject;
  }, [staff, session.subject, session.email]);
  // The same functions for every read, so that a page may read again when it opens without reading on every answer.
  const reload = useCallback(() => void read(), [read]);
  const forget = useCallback((subject: string) => setStaff((current) => current?.filter((member) => member.subject !== subject)), []);
  const directory = useMemo<StaffDirectoryRead>(() => ({ staff, problem, reload, forget }), [staff, problem, reload, forget]);
  return (
    <Directory.Provider value={directory}>
      <StaffNames.Provider value={nameOf}>{children}</StaffNames.Provider>
    </Directory.Provider>
  );
}

/** How the page names a person of the staff; see {@link StaffNamesProvider}. */
export function useStaffName(): NameOf {
  return useContext(StaffNames);
}

/** The brand's staff directory as the console read it; see {@link StaffNamesProvider}. */
export function useStaffDirectory(): StaffDirectoryRead {
  return useContext(Directory);
}

function withoutNames(error: unknown): undefined {
  if (error instanceof ApiProblem) return undefined;
  throw error;
}
