import { useCallback, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type { Bot } from '@parley/contracts';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ErrorAlert } from '../components/ErrorAlert';
import { Loading } from '../components/Loading';
import { usePageTitle } from '../hooks/usePageTitle';
import { useResource } from '../hooks/useResource';
import { useNotify } from '../notify/useNotify';
import { useCurrentOrg } from '../session/useCurrentOrg';
import { BotSettingsForm } from './bots/BotSettingsForm';
import { IdentitySecretSection } from './bots/IdentitySecretSection';
import { InstallSection } from './bots/InstallSection';

export function BotSettingsPage() {
  const { id = '' } = useParams();
  const { api } = useCurrentOrg();
  const load = useCallback((signal: AbortSignal) => api.getBot(id, signal), [api, id]);
  const bot = useResource(load);
  usePageTitle(bot.state.status === 'ready' ? bot.state.data.name : 'Bot');

  return (
    <div className="page">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/bots">
          <span aria-hidden="true">← </span>All bots
        </Link>
      </nav>
      {bot.state.status === 'loading' ? <Loading label="Loading bot…" /> : null}
      {bot.state.status === 'error' ? (
        <>
          <h1>Bot</h1>
          <ErrorAlert
            error={bot.state.error}
            onRetry={bot.state.error.code === 'not_found' ? undefined : bot.reload}
          />
        </>
      ) : null}
      {bot.state.status === 'ready' ? <BotSettings bot={bot.state.data} onSaved={(saved) => { bot.update(() => saved); }} /> : null}
    </div>
  );
}

function BotSettings({ bot, onSaved }: { bot: Bot; onSaved: (bot: Bot) => void }) {
  const { api, canManage } = useCurrentOrg();
  const notify = useNotify();
  const navigate = useNavigate();
  const [confirmDelete, setConfirmDelete] = useState(false);

  async function deleteBot() {
    await api.deleteBot(bot.id);
    notify(`Bot “${bot.name}” deleted`);
    void navigate('/bots', { replace: true });
  }

  return (
    <>
      <div className="page-header">
        <h1>{bot.name}</h1>
        <p className="muted small">
          Bot id <code>{bot.id}</code>
        </p>
        <p className="row">
          <Link to={`/bots/${bot.id}/releases`} className="button button-secondary">
            Widget releases
          </Link>
          <Link to={`/bots/${bot.id}/assistant`} className="button button-secondary">
            Assistant
          </Link>
        </p>
      </div>
      <div className="stack-loose">
        <InstallSection bot={bot} />
        <BotSettingsForm
          key={bot.updatedAt}
          api={api}
          bot={bot}
          canManage={canManage}
          onSaved={(saved) => {
            onSaved(saved);
            notify('Settings saved');
          }}
        />
        {canManage ? <IdentitySecretSection api={api} bot={bot} /> : null}
        {canManage ? (
          <section className="card card-danger stack" aria-labelledby="danger-title">
            <h2 id="danger-title">Delete bot</h2>
            <p className="muted">The widget stops loading on your sites and the bot’s settings are removed.</p>
            <div>
              <button type="button" className="button button-danger" onClick={() => { setConfirmDelete(true); }}>
                Delete bot
              </button>
            </div>
          </section>
        ) : null}
      </div>
      {confirmDelete ? (
        <ConfirmDialog
          title={`Delete ${bot.name}?`}
          confirmLabel="Delete bot"
          onConfirm={deleteBot}
          onCancel={() => { setConfirmDelete(false); }}
        >
          <p>This cannot be undone. Sites with the install snippet will no longer show the chat.</p>
        </ConfirmDialog>
      ) : null}
    </>
  );
}
