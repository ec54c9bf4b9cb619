import { useState } from 'react';
import type { SubmitEvent } from 'react';
import { Navigate, useSearchParams } from 'react-router';
import { fieldErrorFor, toApiError } from '../api/ApiError';
import type { ApiError } from '../api/ApiError';
import { sessionApi } from '../api/sessionApi';
import { ErrorAlert } from '../components/ErrorAlert';
import { Field } from '../components/Field';
import { Loading } from '../components/Loading';
import { usePageTitle } from '../hooks/usePageTitle';
import { safeNext } from '../layout/safeNext';
import { useSession } from '../session/useSession';
import { AuthLayout } from './AuthLayout';

export function SignInPage() {
  usePageTitle('Sign in');
  const { auth, establish, retry } = useSession();
  const [params] = useSearchParams();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  if (auth.status === 'signedIn') return <Navigate to={safeNext(params.get('next'))} replace />;
  if (auth.status === 'loading') {
    return (
      <div className="center-page">
        <Loading label="Loading Parley…" />
      </div>
    );
  }

  async function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setError(null);
    try {
      const me = await sessionApi.login({ email: email.trim(), password }, null);
      establish(me);
    } catch (caught) {
      setError(toApiError(caught));
      setPending(false);
    }
  }

  return (
    <AuthLayout>
      <h1>Sign in</h1>
      {auth.status === 'signedOut' && auth.reason === 'expired' ? (
        <p className="alert alert-info" role="status">
          Your session has ended. Please sign in again.
        </p>
      ) : null}
      {auth.status === 'error' ? <ErrorAlert error={auth.error} onRetry={retry} /> : null}
      <form className="stack" onSubmit={(event) => void submit(event)}>
        <Field label="Email" error={fieldErrorFor(error, 'email')}>
          {(control) => (
            <input
              {...control}
              className="input"
              type="email"
              name="email"
              autoComplete="username"
              required
              value={email}
              onChange={(event) => { setEmail(event.currentTarget.value); }}
            />
          )}
        </Field>
        <Field label="Password" error={fieldErrorFor(error, 'password')}>
          {(control) => (
            <input
              {...control}
              className="input"
              type="password"
              name="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(event) => { setPassword(event.currentTarget.value); }}
            />
          )}
        </Field>
        <ErrorAlert error={error} inlineFields={['email', 'password']} />
        <button type="submit" className="button button-primary button-block" disabled={pending} aria-busy={pending}>
          {pending ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <p className="hint">Joining a team? Open the invitation link you were sent.</p>
    </AuthLayout>
  );
}
