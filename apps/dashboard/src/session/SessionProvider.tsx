import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import type { Me } from '@parley/contracts';
import { toApiError } from '../api/ApiError';
import { createApi } from '../api/createApi';
import { sessionApi } from '../api/sessionApi';
import { orgPreference } from './orgPreference';
import { SessionContext } from './SessionContext';
import type { AuthState, MetaState, SessionValue, SignedInSession } from './SessionContext';

export function SessionProvider({ children }: { children: ReactNode }) {
  const [auth, setAuth] = useState<AuthState>({ status: 'loading' });
  const [meta, setMeta] = useState<MetaState>({ status: 'loading' });
  const [selectedOrgId, setSelectedOrgId] = useState<string | null>(() => orgPreference.get());
  const [authAttempt, setAuthAttempt] = useState(0);
  const [metaAttempt, setMetaAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    sessionApi.me(controller.signal).then(
      (me) => {
        if (!controller.signal.aborted) setAuth({ status: 'signedIn', me });
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        const apiError = toApiError(error);
        setAuth(
          apiError.status === 401 ? { status: 'signedOut', reason: 'initial' } : { status: 'error', error: apiError },
        );
      },
    );
    return () => { controller.abort(); };
  }, [authAttempt]);

  useEffect(() => {
    const controller = new AbortController();
    sessionApi.meta(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setMeta({ status: 'ready', meta: data });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setMeta({ status: 'error', error: toApiError(error) });
      },
    );
    return () => { controller.abort(); };
  }, [metaAttempt]);

  const me = auth.status === 'signedIn' ? auth.me : null;
  const csrfToken = me?.csrfToken ?? null;
  const currentOrg = me ? (me.organizations.find((o) => o.id === selectedOrgId) ?? me.organizations[0] ?? null) : null;
  const currentOrgId = currentOrg?.id ?? null;

  const onUnauthorized = useCallback(() => {
    setAuth({ status: 'signedOut', reason: 'expired' });
  }, []);

  const api = useMemo(
    () => (csrfToken === null ? null : createApi({ csrfToken, orgId: currentOrgId, onUnauthorized })),
    [csrfToken, currentOrgId, onUnauthorized],
  );

  const selectOrg = useCallback((orgId: string) => {
    orgPreference.set(orgId);
    setSelectedOrgId(orgId);
  }, []);

  const establish = useCallback(
    (next: Me, preferredOrgId?: string | null) => {
      if (preferredOrgId) selectOrg(preferredOrgId);
      setAuth({ status: 'signedIn', me: next });
    },
    [selectOrg],
  );

  const refreshMe = useCallback(async () => {
    if (!api) return;
    const next = await api.me();
    setAuth({ status: 'signedIn', me: next });
  }, [api]);

  const signOut = useCallback(async () => {
    if (api) {
      try {
        await api.logout();
      } catch (error) {
        // The session had already ended: that is what the user wanted.
        const code = toApiError(error).code;
        if (code !== 'unauthorized' && code !== 'session_expired') throw error;
      }
    }
    setAuth({ status: 'signedOut', reason: 'signedOut' });
  }, [api]);

  const retry = useCallback(() => {
    setAuth({ status: 'loading' });
    setAuthAttempt((n) => n + 1);
  }, []);

  const reloadMeta = useCallback(() => {
    setMeta({ status: 'loading' });
    setMetaAttempt((n) => n + 1);
  }, []);

  const signedIn = useMemo<SignedInSession | null>(
    () => (me && api ? { me, currentOrg, api } : null),
    [me, currentOrg, api],
  );

  const value = useMemo<SessionValue>(
    () => ({ auth, meta, signedIn, retry, reloadMeta, establish, refreshMe, selectOrg, signOut }),
    [auth, meta, signedIn, retry, reloadMeta, establish, refreshMe, selectOrg, signOut],
  );

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}
