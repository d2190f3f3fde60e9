import { useEffect, useState, type FormEvent } from 'react';
import { STAFF_ROLES, type StaffRole } from '../../../shared/http/staff';
import type { Problem } from '../../../shared/schemas/common';
import { STAFF_SIGN_IN_CONFIG_PATH, StaffSignInConfigSchema, type StaffSignInConfig } from '../../../shared/schemas/staff-sign-in';
import { ApiProblem, callApi, fieldErrors } from '../api';
import { useMessages } from '../i18n';
import { CODE_LABELS } from '../staff/labels';
import { Button, CheckboxGroup, Loading, PAGE_PROBLEM, ProblemMessage, TextField } from '../ui/kit';
import { useRequest } from '../ui/use-request';
import { authorizeUrl, challengeOf, exchangeCode, randomVerifier } from './pkce';
import { keepSession, sessionOf, type StaffSession } from './session';

const TEXT = {
  de: {
    title: 'Anmelden',
    cognitoIntro: 'Melden Sie sich mit Ihrem Konto Ihrer Marke an.',
    cognitoButton: 'Anmelden',
    localIntro: 'Lokale Plattform: Wählen Sie Marke und Rollen; der lokale Aussteller stellt ein Token wie `npm run token` aus.',
    brand: 'Marke',
    roles: 'Rollen',
    submit: 'Anmelden',
    completing: 'Anmeldung wird abgeschlossen …',
    failed: 'Die Anmeldung ist fehlgeschlagen',
    notStaff: 'Dieses Konto gehört zu keiner Marke.',
  },
  en: {
    title: 'Sign in',
    cognitoIntro: "Sign in with your brand's account.",
    cognitoButton: 'Sign in',
    localIntro: 'Local platform: pick a brand and roles; the local issuer signs a token as `npm run token` does.',
    brand: 'Brand',
    roles: 'Roles',
    submit: 'Sign in',
    completing: 'Completing the sign-in …',
    failed: 'The sign-in failed',
    notStaff: 'This account belongs to no brand.',
  },
};

const PKCE_KEY = 'kreislauf.staff.pkce';

/**
 * The sign-in of the staff console and the dashboard: the Cognito Hosted UI (code flow with PKCE)
 * where the stack says so, the local issuer's form on the local platform. Comes back to the page
 * it was opened on (`returnPath`, e.g. `/staff/`).
 */
export function SignIn({ returnPath, defaultRoles, onSignedIn }: { returnPath: string; defaultRoles: StaffRole[]; onSignedIn(session: StaffSession): void }) {
  const t = useMessages(TEXT);
  const [config, setConfig] = useState<StaffSignInConfig>();
  const [problem, setProblem] = useState<Problem>();

  useEffect(() => {
    callApi<unknown>(STAFF_SIGN_IN_CONFIG_PATH)
      .then((body) => setConfig(StaffSignInConfigSchema.parse(body)))
      .catch((error: unknown) => setProblem(error instanceof ApiProblem ? error.problem : { type: PAGE_PROBLEM, title: t.failed, status: 500 }));
  }, [t.failed]);

  return (
    <section className="card" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">{t.title}</h1>
      <ProblemMessage problem={problem} />
      {!config && !problem ? <Loading /> : null}
      {config?.kind === 'local' ? <LocalSignIn tokenUrl={config.tokenUrl} defaultRoles={defaultRoles} onSignedIn={onSignedIn} /> : null}
      {config?.kind === 'cognito' ? <HostedUiSignIn config={config} returnPath={returnPath} onSignedIn={onSignedIn} /> : null}
    </section>
  );
}

function LocalSignIn({ tokenUrl, defaultRoles, onSignedIn }: { tokenUrl: string; defaultRoles: StaffRole[]; onSignedIn(session: StaffSession): void }) {
  const t = useMessages(TEXT);
  const labels = useMessages(CODE_LABELS);
  const [brand, setBrand] = useState('demo');
  const [roles, setRoles] = useState<StaffRole[]>(defaultRoles);
  const { busy, problem, run } = useRequest();
  const errors = fieldErrors(problem);

  async function submit(event: FormEvent) {
    event.preventDefault();
    await run(async () => {
      const { token } = await callApi<{ token: string }>(tokenUrl, { method: 'POST', body: { brand: brand.trim(), roles } });
      const session = sessionOf(token);
      if (!session) throw new ApiProblem({ type: PAGE_PROBLEM, title: t.failed, status: 500 });
      keepSession(session);
      onSignedIn(session);
    });
  }

  return (
    <form onSubmit={submit} noValidate>
      <p>{t.localIntro}</p>
      <TextField label={t.brand} name="brand" value={brand} onChange={(event) => setBrand(event.target.value)} error={errors.get('brand')} autoComplete="organization" />
      <CheckboxGroup
        legend={t.roles}
        name="roles"
        options={STAFF_ROLES.map((role) => ({ value: role, label: `${labels.staffRoles[role]} (${role})` }))}
        values={roles}
        onChange={setRoles}
        error={errors.get('roles')}
      />
      {problem && errors.size === 0 ? <ProblemMessage problem={problem} /> : null}
      <Button type="submit" busy={busy}>
        {t.submit}
      </Button>
    </form>
  );
}

function HostedUiSignIn({ config, returnPath, onSignedIn }: { config: Extract<StaffSignInConfig, { kind: 'cognito' }>; returnPath: string; onSignedIn(session: StaffSession): void }) {
  const t = useMessages(TEXT);
  const [problem, setProblem] = useState<Problem>();
  const [busy, setBusy] = useState(false);
  const redirectUri = `${location.origin}${returnPath}`;
  const returned = new URLSearchParams(location.search);
  const code = returned.get('code');

  useEffect(() => {
    if (!code) return;
    const pending = readPending();
    sessionStorage.removeItem(PKCE_KEY);
    history.replaceState(null, '', returnPath);
    // The state proves that this browser started the sign-in the code answers.
    if (!pending || pending.state !== returned.get('state')) {
      setProblem({ type: PAGE_PROBLEM, title: t.failed, status: 400 });
      return;
    }
    exchangeCode(config, { code, verifier: pending.verifier, redirectUri })
      .then((token) => {
        const session = sessionOf(token);
        if (!session) throw new Error(t.notStaff);
        keepSession(session);
        onSignedIn(session);
      })
      .catch((error: unknown) => setProblem({ type: PAGE_PROBLEM, title: t.failed, status: 400, detail: error instanceof Error ? error.message : undefined }));
    // Runs once for the code the Hosted UI returned with.
  }, []);

  async function start() {
    setBusy(true);
    const verifier = randomVerifier();
    const state = randomVerifier();
    sessionStorage.setItem(PKCE_KEY, JSON.stringify({ verifier, state }));
    location.assign(authorizeUrl(config, { challenge: await challengeOf(verifier), state, redirectUri }));
  }

  if (code && !problem) return <Loading label={t.completing} />;
  return (
    <>
      <ProblemMessage problem={problem} />
      <p>{t.cognitoIntro}</p>
      <Button type="button" busy={busy} onClick={() => void start()}>
        {t.cognitoButton}
      </Button>
    </>
  );
}

function readPending(): { verifier: string; state: string } | undefined {
  try {
    const value: unknown = JSON.parse(sessionStorage.getItem(PKCE_KEY) ?? 'null');
    if (typeof value === 'object' && value !== null && typeof (value as { verifier?: unknown }).verifier === 'string' && typeof (value as { state?: unknown }).state === 'string') {
      return value as { verifier: string; state: string };
    }
  } catch {
    // A damaged entry is a sign-in this browser cannot complete.
  }
  return undefined;
}
