import { useCallback, useState } from 'react';
import type { SubmitEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type { InvitationPreview } from '@parley/contracts';
import { fieldErrorFor } from '../api/ApiError';
import { sessionApi } from '../api/sessionApi';
import { ErrorAlert } from '../components/ErrorAlert';
import { Loading } from '../components/Loading';
import { RoleBadge } from '../components/RoleBadge';
import { SubmitButton } from '../components/SubmitButton';
import { TextField } from '../components/TextField';
import { useAsyncAction } from '../hooks/useAsyncAction';
import { usePageTitle } from '../hooks/usePageTitle';
import { useResource } from '../hooks/useResource';
import { useSession } from '../session/useSession';
import { AuthLayout } from './AuthLayout';

export function AcceptInvitationPage() {
  usePageTitle('Accept invitation');
  const { token = '' } = useParams();
  const load = useCallback((signal: AbortSignal) => sessionApi.previewInvitation(token, signal), [token]);
  const preview = useResource(load);

  return (
    <AuthLayout>
      <h1>Accept invitation</h1>
      {preview.state.status === 'loading' ? <Loading label="Checking your invitation…" /> : null}
      {preview.state.status === 'error' ? (
        <>
          <ErrorAlert
            error={preview.state.error}
            onRetry={preview.state.error.code === 'invitation_invalid' ? undefined : preview.reload}
          />
          {preview.state.error.code === 'invitation_invalid' ? (
            <p>Ask the person who invited you for a new link.</p>
          ) : null}
          <p>
            <Link to="/login">Go to sign in</Link>
          </p>
        </>
      ) : null}
      {preview.state.status === 'ready' ? <AcceptForm token={token} preview={preview.state.data} /> : null}
    </AuthLayout>
  );
}

function AcceptForm({ token, preview }: { token: string; preview: InvitationPreview }) {
  const { auth, establish } = useSession();
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  // On success the app navigates away, so the form stays pending until then.
  const { pending, error, run } = useAsyncAction({ keepPendingOnSuccess: true });
  const signedInAs = auth.status === 'signedIn' ? auth.me.user.email : null;

  async function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    await run(async () => {
      const me = await sessionApi.acceptInvitation(
        preview.existingUser ? { token, password } : { token, name: name.trim(), password },
        auth.status === 'signedIn' ? auth.me.csrfToken : null,
      );
      const joined = me.organizations.filter((o) => o.name === preview.organization).at(-1);
      establish(me, joined?.id ?? null);
      void navigate('/bots', { replace: true });
    });
  }

  return (
    <>
      <div className="invite-summary">
        <p>
          <strong>{preview.invitedBy}</strong> invited <strong>{preview.email}</strong> to join{' '}
          <strong>{preview.organization}</strong> as <RoleBadge role={preview.role} />.
        </p>
      </div>
      {signedInAs && signedInAs !== preview.email.toLowerCase() ? (
        <p className="alert alert-info">
          You are signed in as {signedInAs}. Accepting signs you in as {preview.email} instead.
        </p>
      ) : null}
      <form className="stack" onSubmit={(event) => void submit(event)}>
        {preview.existingUser ? (
          <p>You already have a Parley account. Enter its password to join {preview.organization}.</p>
        ) : (
          <TextField
            label="Your name"
            error={fieldErrorFor(error, 'name')}
            autoComplete="name"
            required
            maxLength={100}
            value={name}
            onChange={setName}
          />
        )}
        <TextField
          label={preview.existingUser ? 'Password' : 'Choose a password'}
          hint={preview.existingUser ? undefined : 'At least 8 characters.'}
          error={fieldErrorFor(error, 'password')}
          type="password"
          autoComplete={preview.existingUser ? 'current-password' : 'new-password'}
          required
          minLength={preview.existingUser ? 1 : 8}
          maxLength={256}
          value={password}
          onChange={setPassword}
        />
        <ErrorAlert error={error} inlineFields={['name', 'password']} />
        <SubmitButton label="Accept invitation" pendingLabel="Joining…" pending={pending} block />
      </form>
    </>
  );
}
