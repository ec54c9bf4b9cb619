import { useState } from 'react';
import { Link, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import type { Organization } from '@parley/contracts';
import { ErrorAlert } from '../components/ErrorAlert';
import { useAsyncAction } from '../hooks/useAsyncAction';
import { InboxNavBadge } from '../inbox/InboxNavBadge';
import { InboxProvider } from '../inbox/InboxProvider';
import { useNotify } from '../notify/useNotify';
import { useSession } from '../session/useSession';
import { NewOrgDialog } from './NewOrgDialog';
import { NoOrganization } from './NoOrganization';
import { OrgSwitcher } from './OrgSwitcher';

const navItems = [
  { to: '/inbox', label: 'Inbox' },
  { to: '/bots', label: 'Bots' },
  { to: '/team', label: 'Team' },
  { to: '/api-keys', label: 'API keys' },
  { to: '/webhooks', label: 'Webhooks' },
  { to: '/account', label: 'Account' },
] as const;

export function AppShell() {
  const { signedIn, selectOrg, signOut, refreshMe } = useSession();
  const notify = useNotify();
  const navigate = useNavigate();
  const location = useLocation();
  const [newOrgOpen, setNewOrgOpen] = useState(false);
  // Signing out replaces the shell with the sign-in page, so it stays pending until then.
  const { pending: signingOut, error: shellError, setError: setShellError, run } = useAsyncAction({
    keepPendingOnSuccess: true,
  });

  if (!signedIn) return null;
  const { me, currentOrg, api } = signedIn;

  function switchOrg(orgId: string) {
    selectOrg(orgId);
    setShellError(null);
    const org = me.organizations.find((o) => o.id === orgId);
    if (org) notify(`Switched to ${org.name}`);
    // A bot or a conversation belongs to one organization: leave its page when switching.
    if (location.pathname.startsWith('/bots/')) void navigate('/bots');
    if (location.pathname.startsWith('/inbox/')) void navigate('/inbox');
  }

  async function orgCreated(org: Organization) {
    await refreshMe();
    selectOrg(org.id);
    setNewOrgOpen(false);
    notify(`Organization ${org.name} created`);
    void navigate('/bots');
  }

  const needsOrg = !currentOrg && location.pathname !== '/account';

  const shell = (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <Link to="/bots" className="brand">
          <span className="brand-mark" aria-hidden="true">
            P
          </span>
          <span className="brand-name">Parley</span>
        </Link>
        <OrgSwitcher
          organizations={me.organizations}
          current={currentOrg}
          onSelect={switchOrg}
          onNew={() => { setNewOrgOpen(true); }}
        />
        <div className="user-menu">
          <span className="user-identity">
            <span className="user-name">{me.user.name}</span>
            <span className="user-email">{me.user.email}</span>
          </span>
          <button
            type="button"
            className="button button-secondary button-small"
            onClick={() => void run(signOut)}
            disabled={signingOut}
            aria-busy={signingOut}
          >
            Sign out
          </button>
        </div>
      </header>
      <nav className="sidenav" aria-label="Main">
        <ul>
          {navItems.map((item) => (
            <li key={item.to}>
              <NavLink to={item.to} className="nav-link">
                {item.label}
                {item.to === '/inbox' ? <InboxNavBadge /> : null}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" className="main" tabIndex={-1}>
        <ErrorAlert error={shellError} />
        {needsOrg ? <NoOrganization onCreate={() => { setNewOrgOpen(true); }} /> : <Outlet key={currentOrg?.id ?? 'none'} />}
      </main>
      {newOrgOpen ? <NewOrgDialog api={api} onCreated={orgCreated} onClose={() => { setNewOrgOpen(false); }} /> : null}
    </div>
  );

  // The live inbox of the selected organization (it reconnects when the organization changes).
  return (
    <InboxProvider orgId={currentOrg?.id ?? null} role={currentOrg?.role ?? null} myUserId={me.user.id} api={api}>
      {shell}
    </InboxProvider>
  );
}
