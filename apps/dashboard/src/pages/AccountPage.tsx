import { useState } from 'react';
import type { SubmitEvent } from 'react';
import { ApiError, fieldErrorFor } from '../api/ApiError';
import { ErrorAlert } from '../components/ErrorAlert';
import { formatDate } from '../components/formatDate';
import { RoleBadge } from '../components/RoleBadge';
import { SubmitButton } from '../components/SubmitButton';
import { TextField } from '../components/TextField';
import { useAsyncAction } from '../hooks/useAsyncAction';
import { usePageTitle } from '../hooks/usePageTitle';
import { useSession } from '../session/useSession';

export function AccountPage() {
  usePageTitle('Account');
  const { signedIn } = useSession();
  if (!signedIn) return null;
  const { me } = signedIn;
  return (
    <div className="page">
      <div className="page-header">
        <h1>Account</h1>
      </div>
      <div className="stack-loose">
        <section className="card stack" aria-labelledby="profile-title">
          <h2 id="profile-title">Profile</h2>
          <dl className="details">
            <dt>Name</dt>
            <dd>{me.user.name || '—'}</dd>
            <dt>Email</dt>
            <dd className="break">{me.user.email}</dd>
            <dt>Member since</dt>
            <dd>{formatDate(me.user.createdAt)}</dd>
            <dt>Organizations</dt>
            <dd>
              {me.organizations.length === 0 ? (
                'None'
              ) : (
                <ul className="plain-list">
                  {me.organizations.map((org) => (
                    <li key={org.id}>
                      {org.name} <RoleBadge role={org.role} />
                    </li>
                  ))}
                </ul>
              )}
            </dd>
          </dl>
        </section>
        <ChangePasswordForm />
      </div>
    </div>
  );
}

function ChangePasswordForm() {
  const { signedIn } = useSession();
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [confirmPassword, setConfirmPassword] = useState('');
  const { pending, error, setError, run } = useAsyncAction();
  const [done, setDone] = useState(false);

  async function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    setDone(false);
    if (newPassword !== confirmPassword) {
      setError(ApiError.validation([{ path: 'confirmPassword', message: 'does not match the new password' }]));
      return;
    }
    if (!signedIn) return;
    await run(async () => {
      await signedIn.api.changePassword({ currentPassword, newPassword });
      setCurrentPassword('');
      setNewPassword('');
      setConfirmPassword('');
      setDone(true);
    });
  }

  return (
    <section className="card" aria-labelledby="password-title">
      <form className="stack narrow" onSubmit={(event) => void submit(event)}>
        <h2 id="password-title">Change password</h2>
        {/* Lets password managers know which account the new password belongs to. */}
        <input type="hidden" autoComplete="username" value={signedIn?.me.user.email ?? ''} />
        <TextField
          label="Current password"
          error={fieldErrorFor(error, 'currentPassword')}
          type="password"
          autoComplete="current-password"
          required
          value={currentPassword}
          onChange={setCurrentPassword}
        />
        <TextField
          label="New password"
          hint="At least 8 characters."
          error={fieldErrorFor(error, 'newPassword')}
          type="password"
          autoComplete="new-password"
          required
          minLength={8}
          maxLength={256}
          value={newPassword}
          onChange={setNewPassword}
        />
        <TextField
          label="Confirm new password"
          error={fieldErrorFor(error, 'confirmPassword')}
          type="password"
          autoComplete="new-password"
          required
          value={confirmPassword}
          onChange={setConfirmPassword}
        />
        <ErrorAlert error={error} inlineFields={['currentPassword', 'newPassword', 'confirmPassword']} />
        {done ? (
          <p className="alert alert-success" role="status">
            Your password has been changed.
          </p>
        ) : null}
        <div>
          <SubmitButton label="Change password" pendingLabel="Saving…" pending={pending} />
        </div>
      </form>
    </section>
  );
}
