import { useCallback } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { usePageTitle } from '../../hooks/usePageTitle';
import { useResource } from '../../hooks/useResource';
import { useCurrentOrg } from '../../session/useCurrentOrg';
import { DocumentsTab } from './DocumentsTab';
import { FaqsTab } from './FaqsTab';
import { IntentsTab } from './IntentsTab';
import { PageTabs, pagePanelId, pageTabId, type PageTab } from './PageTabs';
import { SettingsTab } from './SettingsTab';
import { TestConsoleTab } from './TestConsoleTab';
import './assistant.css';

type TabKey = 'settings' | 'intents' | 'faqs' | 'documents' | 'test';

const tabs: readonly PageTab<TabKey>[] = [
  { key: 'settings', label: 'Settings' },
  { key: 'intents', label: 'Intents' },
  { key: 'faqs', label: 'FAQs' },
  { key: 'documents', label: 'Documents' },
  { key: 'test', label: 'Test console' },
];

function tabFrom(param: string | null): TabKey {
  return tabs.find((t) => t.key === param)?.key ?? 'settings';
}

const idPrefix = 'assistant';

/** The bot's hybrid assistant: settings, knowledge (intents, FAQs, documents) and a test console. */
export function AssistantPage() {
  const { id: botId = '' } = useParams();
  const { api, canManage } = useCurrentOrg();
  const loadBot = useCallback((signal: AbortSignal) => api.getBot(botId, signal), [api, botId]);
  const bot = useResource(loadBot);
  const [params, setParams] = useSearchParams();
  const tab = tabFrom(params.get('tab'));
  const botName = bot.state.status === 'ready' ? bot.state.data.name : 'Bot';
  const label = tabs.find((t) => t.key === tab)?.label ?? '';
  usePageTitle(`${label} · Assistant · ${botName}`);

  return (
    <div className="page page-wide assistant-page">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to={`/bots/${botId}`}>
          <span aria-hidden="true">← </span>
          {botName}
        </Link>
      </nav>
      <div className="page-header">
        <h1>Assistant</h1>
        <p className="lede">
          How {botName} answers visitors: rules and intents, FAQs and documents, an optional LLM, or your own workflow.
        </p>
      </div>
      {bot.state.status === 'loading' ? <Loading label="Loading bot…" /> : null}
      {bot.state.status === 'error' ? (
        <ErrorAlert error={bot.state.error} onRetry={bot.state.error.code === 'not_found' ? undefined : bot.reload} />
      ) : null}
      {bot.state.status === 'ready' ? (
        <>
          <PageTabs
            tabs={tabs}
            current={tab}
            label="Assistant sections"
            idPrefix={idPrefix}
            onSelect={(key) => { setParams(key === 'settings' ? {} : { tab: key }, { replace: true }); }}
          />
          <div id={pagePanelId(idPrefix)} role="tabpanel" aria-labelledby={pageTabId(idPrefix, tab)} className="page-tabpanel">
            {!canManage && tab !== 'test' ? (
              <p className="alert alert-info">You can view the assistant. Only owners and admins can change it.</p>
            ) : null}
            {tab === 'settings' ? <SettingsTab api={api} botId={botId} canManage={canManage} /> : null}
            {tab === 'intents' ? <IntentsTab api={api} botId={botId} canManage={canManage} /> : null}
            {tab === 'faqs' ? <FaqsTab api={api} bot={bot.state.data} canManage={canManage} /> : null}
            {tab === 'documents' ? <DocumentsTab api={api} bot={bot.state.data} canManage={canManage} /> : null}
            {tab === 'test' ? <TestConsoleTab api={api} bot={bot.state.data} /> : null}
          </div>
        </>
      ) : null}
    </div>
  );
}
