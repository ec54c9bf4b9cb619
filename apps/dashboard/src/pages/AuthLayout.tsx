import type { ReactNode } from 'react';
import { useSession } from '../session/useSession';

/** The centred card used by sign-in and invitation pages. */
export function AuthLayout({ children }: { children: ReactNode }) {
  const { meta } = useSession();
  return (
    <div className="auth-page">
      <main className="auth-card">
        <p className="brand brand-large">
          <span className="brand-mark" aria-hidden="true">
            P
          </span>
          <span className="brand-name">Parley</span>
        </p>
        {children}
      </main>
      {meta.status === 'ready' ? <p className="auth-footer">Parley {meta.meta.version}</p> : null}
    </div>
  );
}
