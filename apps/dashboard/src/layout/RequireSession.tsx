import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { ErrorAlert } from '../components/ErrorAlert';
import { Loading } from '../components/Loading';
import { useSession } from '../session/useSession';

/** Renders its children only with a session; otherwise shows sign-in (remembering where the user was going). */
export function RequireSession({ children }: { children: ReactNode }) {
  const { auth, retry } = useSession();
  const location = useLocation();

  switch (auth.status) {
    case 'loading':
      return (
        <div className="center-page">
          <Loading label="Loading Parley…" />
        </div>
      );
    case 'error':
      return (
        <main className="center-page">
          <div className="auth-card">
            <h1>Parley is unavailable</h1>
            <ErrorAlert error={auth.error} onRetry={retry} />
          </div>
        </main>
      );
    case 'signedOut': {
      const here = `${location.pathname}${location.search}`;
      const keepDestination = auth.reason !== 'signedOut' && here !== '/' && here !== '/bots';
      return <Navigate to={keepDestination ? `/login?next=${encodeURIComponent(here)}` : '/login'} replace />;
    }
    case 'signedIn':
      return children;
  }
}
