import { useCallback } from 'react';
import { Link } from 'react-router';
import type { Bot } from '@parley/contracts';
import { EmptyState } from '../components/EmptyState';
import { ErrorAlert } from '../components/ErrorAlert';
import { Loading } from '../components/Loading';
import { usePageTitle } from '../hooks/usePageTitle';
import { useResource } from '../hooks/useResource';
import { useNotify } from '../notify/useNotify';
import { useCurrentOrg } from '../session/useCurrentOrg';
import { CreateBotForm } from './bots/CreateBotForm';
import { localeNames } from './bots/localeNames';

export function BotsPage() {
  usePageTitle('Bots');
  const { api, canManage, org } = useCurrentOrg();
  const notify = useNotify();
  const load = useCallback((signal: AbortSignal) => api.listBots(signal), [api]);
  const bots = useResource(load);

  function created(bot: Bot) {
    bots.update((list) => [...list, bot]);
    notify(`Bot “${bot.name}” created`);
  }

  return (
    <div className="page">
      <div className="page-header">
        <h1>Bots</h1>
        <p className="lede">Each bot is a chat widget you can install on your websites.</p>
      </div>
      <div className={canManage ? 'split' : undefined}>
        <section className="card" aria-labelledby="bots-title">
          <h2 id="bots-title">Bots in {org.name}</h2>
          {bots.state.status === 'loading' ? <Loading label="Loading bots…" /> : null}
          {bots.state.status === 'error' ? <ErrorAlert error={bots.state.error} onRetry={bots.reload} /> : null}
          {bots.state.status === 'ready' && bots.state.data.length === 0 ? (
            <EmptyState title="No bots yet">
              {canManage ? (
                <p>Create your first bot to get an install snippet for your website.</p>
              ) : (
                <p>An admin of {org.name} can create one.</p>
              )}
            </EmptyState>
          ) : null}
          {bots.state.status === 'ready' && bots.state.data.length > 0 ? (
            <ul className="bot-list">
              {bots.state.data.map((bot) => (
                <li key={bot.id} className="bot-item">
                  <div className="bot-item-main">
                    <Link to={`/bots/${bot.id}`} className="bot-link">
                      {bot.name}
                    </Link>
                    <p className="muted small">
                      {bot.allowedOrigins.length === 0
                        ? 'No allowed origins yet'
                        : bot.allowedOrigins.length === 1
                          ? bot.allowedOrigins[0]
                          : `${bot.allowedOrigins[0] ?? ''} and ${bot.allowedOrigins.length - 1} more`}
                      {' · '}
                      {localeNames[bot.locale]}
                    </p>
                  </div>
                  <ul className="badges" aria-label="Status">
                    <li className={bot.widgetEnabled ? 'badge badge-on' : 'badge badge-off'}>
                      {bot.widgetEnabled ? 'Widget on' : 'Widget off'}
                    </li>
                    {bot.premium ? <li className="badge badge-premium">Premium</li> : null}
                    {bot.requireIdentity ? <li className="badge">Identity required</li> : null}
                  </ul>
                </li>
              ))}
            </ul>
          ) : null}
        </section>
        {canManage ? (
          <section className="card">
            <CreateBotForm api={api} onCreated={created} />
          </section>
        ) : null}
      </div>
      {!canManage ? (
        <p className="muted">You can view bots. Only owners and admins of {org.name} can create or change them.</p>
      ) : null}
    </div>
  );
}
