import { useCallback, useState } from 'react';
import type { SubmitEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type { InvitationPreview } from '@parley/contracts';
import { fieldErrorFor, toApiError } from '../api/ApiError';
import type { ApiError } from '../api/ApiError';
import { sessionApi } from '../api/sessionApi';
import { ErrorAlert } from '../components/ErrorAlert';
import { Field } from '../components/Field';
import { Loading } from '../components/Loading';
import { RoleBadge } from '../components/RoleBadge';
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
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const signedInAs = auth.status === 'signedIn' ? auth.me.user.email : null;

  async function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setError(null);
    try {
      const me = await sessionApi.acceptInvitation(
        preview.existingUser ? { token, password } : { token, name: name.trim(), password },
        auth.status === 'signedIn' ? auth.me.csrfToken : null,
      );
      const joined = me.organizations.filter((o) => o.name === preview.organization).at(-1);
      establish(me, joined?.id ?? null);
      void navigate('/bots', { replace: true });
    } catch (caught) {
      setError(toApiError(caught));
      setPending(false);
    }
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
          <Field label="Your name" error={fieldErrorFor(error, 'name')}>
            {(control) => (
              <input
                {...control}
                className="input"
                autoComplete="name"
                required
                maxLength={100}
                value={name}
                onChange={(event) => { setName(event.currentTarget.value); }}
              />
            )}
          </Field>
        )}
        <Field
          label={preview.existingUser ? 'Password' : 'Choose a password'}
          hint={preview.existingUser ? undefined : 'At least 8 characters.'}
          error={fieldErrorFor(error, 'password')}
        >
          {(control) => (
            <input
              {...control}
              className="input"
              type="password"
              autoComplete={preview.existingUser ? 'current-password' : 'new-password'}
              required
              minLength={preview.existingUser ? 1 : 8}
              maxLength={256}
              value={password}
              onChange={(event) => { setPassword(event.currentTarget.value); }}
            />
          )}
        </Field>
        <ErrorAlert error={error} inlineFields={['name', 'password']} />
        <button type="submit" className="button button-primary button-block" disabled={pending} aria-busy={pending}>
          {pending ? 'Joining…' : 'Accept invitation'}
        </button>
      </form>
    </>
  );
}
