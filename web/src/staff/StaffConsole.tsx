import { lazy, Suspense, useCallback, useMemo, useState } from 'react';
import { PASSPORT_STATES, type PassportState } from '../../../shared/domain/lifecycle';
import { useMessages } from '../i18n';
import { authorizedApi } from '../sign-in/authorized';
import { forgetSession, hasRole, storedSession, type StaffSession } from '../sign-in/session';
import { SignIn } from '../sign-in/SignIn';
import { Loading, Page } from '../ui/kit';
import { listingFilters, ListingsPage } from './ListingsPage';
import { DraftsOf, forgetDrafts } from './form-draft';
import { Link, navigate, useLocationPath } from './navigation';
import { PartnersPage } from './PartnersPage';
import { PassportPage } from './PassportPage';
import { PayoutsPage } from './PayoutsPage';
import { PrivacyPage } from './PrivacyPage';
import { QueuePage } from './QueuePage';
import { ReceivePage } from './ReceivePage';
import { StaffNamesProvider } from './staff-names';
import { TeamPage } from './TeamPage';
import { WebhooksPage } from './WebhooksPage';
import './staff.css';

// The settings carry the brand configuration's whole schema, which no other page needs: loaded when first opened.
const SettingsPage = lazy(() => import('./SettingsPage').then((module) => ({ default: module.SettingsPage })));

const TEXT = {
  de: {
    console: 'Lager-Konsole',
    nav: 'Bereiche',
    receive: 'Wareneingang',
    queues: 'Arbeitslisten',
    listings: 'Angebote',
    partners: 'Reparaturpartner',
    payouts: 'Auszahlungen',
    webhooks: 'Webhooks',
    privacy: 'Datenschutz',
    settings: 'Einstellungen',
    team: 'Team',
    signOut: 'Abmelden',
    signedInAs: (who: string, brand: string) => `${who} · Marke ${brand}`,
    notFound: 'Diese Seite gibt es nicht.',
  },
  en: {
    console: 'Warehouse console',
    nav: 'Sections',
    receive: 'Receiving',
    queues: 'Work queues',
    listings: 'Listings',
    partners: 'Repair partners',
    payouts: 'Payouts',
    webhooks: 'Webhooks',
    privacy: 'Privacy',
    settings: 'Settings',
    team: 'Team',
    signOut: 'Sign out',
    signedInAs: (who: string, brand: string) => `${who} · brand ${brand}`,
    notFound: 'There is no such page.',
  },
};

export const STAFF_ROOT = '/staff/';

/** The section of the navigation each page of its own belongs to. */
const SECTIONS: ReadonlyMap<string, string> = new Map([
  ['/staff/listings', 'listings'],
  ['/staff/partners', 'partners'],
  ['/staff/payouts', 'payouts'],
  ['/staff/webhooks', 'webhooks'],
  ['/staff/privacy', 'privacy'],
  ['/staff/settings', 'settings'],
  ['/staff/team', 'team'],
]);

/**
 * The staff console (`/staff/…`): receiving parcels, the work queues, a passport's page with its
 * grading, the listings on the sales channels, the repair partners, the payout exports, the brand's webhooks, a customer's erasure, the brand's settings and its team. Everything goes through the staff API
 * with the signed-in person's token; the API decides what the roles may do.
 */
export function StaffConsole() {
  const t = useMessages(TEXT);
  const [session, setSession] = useState<StaffSession | undefined>(() => storedSession());
  const signOut = useCallback(() => {
    forgetSession();
    setSession(undefined);
  }, []);
  // A sign-in keeps the drafts of the person signing in (kept through an expired token), and no one else's.
  const signedIn = useCallback((next: StaffSession) => {
    forgetDrafts(next.subject);
    setSession(next);
  }, []);
  const api = useMemo(() => (session ? authorizedApi(session, signOut) : undefined), [session, signOut]);
  const url = useLocationPath();

  if (!session || !api) {
    return (
      <Page>
        <SignIn returnPath={STAFF_ROOT} defaultRoles={['ops']} onSignedIn={signedIn} />
      </Page>
    );
  }

  const path = url.pathname.replace(/\/+$/, '');
  const passportId = /^\/staff\/passports\/([0-9A-Z]{26})$/.exec(path)?.[1];
  const queueState = /^\/staff\/queues\/([A-Z_]+)$/.exec(path)?.[1];
  const section = passportId || queueState ? 'queues' : (SECTIONS.get(path) ?? 'receive');

  let content;
  if (path === '/staff' || path === '') content = <ReceivePage api={api} canReceive={hasRole(session, 'ops', 'admin')} />;
  else if (passportId) content = <PassportPage key={passportId} api={api} id={passportId} canWork={hasRole(session, 'ops', 'admin')} canPay={hasRole(session, 'admin')} canTakeBack={hasRole(session, 'admin')} />;
  else if (queueState && (PASSPORT_STATES as readonly string[]).includes(queueState)) content = <QueuePage key={queueState} api={api} state={queueState as PassportState} />;
  else if (path === '/staff/queues') content = <QueuePage key="RECEIVED" api={api} state="RECEIVED" />;
  else if (path === '/staff/listings') {
    const filters = listingFilters(url.search);
    content = <ListingsPage key={url.search} api={api} state={filters.state} {...(filters.channel ? { channel: filters.channel } : {})} />;
  } else if (path === '/staff/partners') content = <PartnersPage api={api} />;
  else if (path === '/staff/payouts') content = <PayoutsPage api={api} canExport={hasRole(session, 'admin')} />;
  else if (path === '/staff/webhooks') content = <WebhooksPage api={api} canManage={hasRole(session, 'admin')} />;
  else if (path === '/staff/privacy') content = <PrivacyPage api={api} canErase={hasRole(session, 'admin')} />;
  else if (path === '/staff/settings') {
    content = (
      <Suspense fallback={<Loading />}>
        <SettingsPage api={api} canManage={hasRole(session, 'admin')} />
      </Suspense>
    );
  } else if (path === '/staff/team') content = <TeamPage api={api} subject={session.subject} canRemove={hasRole(session, 'admin')} />;
  else content = <p role="alert">{t.notFound}</p>;

  // The pages only admins use are not offered to other roles, who would find there only that they may not (until
  // 7 December 2026 every link showed); each page still says so to whoever opens it by its address.
  const isAdmin = hasRole(session, 'admin');
  const links = [
    { key: 'receive', href: STAFF_ROOT, label: t.receive },
    { key: 'queues', href: '/staff/queues/RECEIVED', label: t.queues },
    { key: 'listings', href: '/staff/listings', label: t.listings },
    { key: 'partners', href: '/staff/partners', label: t.partners },
    ...(isAdmin
      ? [
          { key: 'payouts', href: '/staff/payouts', label: t.payouts },
          { key: 'webhooks', href: '/staff/webhooks', label: t.webhooks },
          { key: 'privacy', href: '/staff/privacy', label: t.privacy },
          { key: 'settings', href: '/staff/settings', label: t.settings },
        ]
      : []),
    { key: 'team', href: '/staff/team', label: t.team },
  ];
  return (
    <Page brand={{ name: t.console }}>
      <nav className="staff-nav" aria-label={t.nav}>
        <ul>
          {links.map((link) => (
            <li key={link.key}>
              <Link href={link.href} aria-current={section === link.key ? 'page' : undefined}>
                {link.label}
              </Link>
            </li>
          ))}
        </ul>
        <p className="staff-nav__who">
          {t.signedInAs(session.email ?? session.roles.join(', '), session.brand)}{' '}
          <button
            type="button"
            className="link-button"
            onClick={() => {
              // Signing out leaves nothing typed in the tab for whoever signs in next (a 401 keeps the drafts).
              forgetDrafts();
              signOut();
              navigate(STAFF_ROOT);
            }}
          >
            {t.signOut}
          </button>
        </p>
      </nav>
      <StaffNamesProvider api={api} session={session}>
        <DraftsOf subject={session.subject}>{content}</DraftsOf>
      </StaffNamesProvider>
    </Page>
  );
}
