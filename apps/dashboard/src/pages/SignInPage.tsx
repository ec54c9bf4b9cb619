import { useState } from 'react';
import type { SubmitEvent } from 'react';
import { Navigate, useSearchParams } from 'react-router';
import { fieldErrorFor } from '../api/ApiError';
import { sessionApi } from '../api/sessionApi';
import { ErrorAlert } from '../components/ErrorAlert';
import { Loading } from '../components/Loading';
import { SubmitButton } from '../components/SubmitButton';
import { TextField } from '../components/TextField';
import { useAsyncAction } from '../hooks/useAsyncAction';
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
  // On success the page is replaced by the signed-in app, so it stays pending until then.
  const { pending, error, run } = useAsyncAction({ keepPendingOnSuccess: true });

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
    await run(async () => {
      const me = await sessionApi.login({ email: email.trim(), password }, null);
      establish(me);
    });
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
        <TextField
          label="Email"
          error={fieldErrorFor(error, 'email')}
          type="email"
          name="email"
          autoComplete="username"
          required
          value={email}
          onChange={setEmail}
        />
        <TextField
          label="Password"
          error={fieldErrorFor(error, 'password')}
          type="password"
          name="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={setPassword}
        />
        <ErrorAlert error={error} inlineFields={['email', 'password']} />
        <SubmitButton label="Sign in" pendingLabel="Signing in…" pending={pending} block />
      </form>
      <p className="hint">Joining a team? Open the invitation link you were sent.</p>
    </AuthLayout>
  );
}
