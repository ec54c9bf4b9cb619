import { useCallback, useEffect, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import type { Member, Release, ReleaseList } from '@parley/contracts';
import type { Api } from '../../api/createApi';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDate } from '../../components/formatDate';
import { Loading } from '../../components/Loading';
import { TableHead } from '../../components/TableHead';
import { usePageTitle } from '../../hooks/usePageTitle';
import { useResource } from '../../hooks/useResource';
import { useNotify } from '../../notify/useNotify';
import { useCurrentOrg } from '../../session/useCurrentOrg';
import { CanarySection } from './CanarySection';
import { DiffSection } from './DiffSection';
import { ExperimentsSection } from './ExperimentsSection';
import { NewDraftDialog } from './NewDraftDialog';
import { personName } from './people';
import { RollbackDialog } from './ReasonDialogs';
import { ReleaseEditor } from './ReleaseEditor';
import { ReleaseStatusBadge } from './ReleaseStatusBadge';
import { StatsSection } from './StatsSection';
import { TimelineSection } from './TimelineSection';
import { useLiveResource } from './useLiveResource';
import './releases.css';

const POLL_MS = 15_000;

export function ReleasesPage() {
  const { id: botId = '' } = useParams();
  const { api, canManage } = useCurrentOrg();
  const notify = useNotify();
  const loadBot = useCallback((signal: AbortSignal) => api.getBot(botId, signal), [api, botId]);
  const bot = useResource(loadBot);
  const loadedName = bot.state.status === 'ready' ? bot.state.data.name : '';
  const botName = loadedName || 'Bot';
  usePageTitle(`Releases · ${botName}`);

  const [refreshKey, setRefreshKey] = useState(0);
  const refresh = useCallback(() => { setRefreshKey((k) => k + 1); }, []);
  // The judge steps, promotes and rolls back on its own: keep the page current while it is visible.
  useEffect(() => {
    const timer = window.setInterval(() => {
      if (document.visibilityState === 'visible') refresh();
    }, POLL_MS);
    return () => { window.clearInterval(timer); };
  }, [refresh]);
  const loadReleases = useCallback((signal: AbortSignal) => api.listReleases(botId, signal), [api, botId]);
  const releases = useLiveResource(loadReleases, refreshKey);
  // Names of who created / published releases; viewers may not be allowed to list members.
  const loadMembers = useCallback((signal: AbortSignal) => api.listMembers(signal).catch(() => []), [api]);
  const members = useResource(loadMembers);
  const memberList: Member[] | null = members.state.status === 'ready' ? members.state.data : null;

  const changed = useCallback(
    (message: string) => {
      notify(message);
      refresh();
    },
    [notify, refresh],
  );

  return (
    <div className="page page-wide releases-page">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to={`/bots/${botId}`}>
          <span aria-hidden="true">← </span>
          {botName}
        </Link>
      </nav>
      <div className="page-header">
        <h1>Widget releases</h1>
        <p className="lede">
          Versions of the {botName} widget: edit drafts, preview them, publish, roll back, run canaries and experiments.
        </p>
      </div>
      {releases.status === 'loading' ? <Loading label="Loading releases…" /> : null}
      {releases.status === 'error' ? <ErrorAlert error={releases.error} onRetry={releases.retry} /> : null}
      {releases.status === 'ready' ? (
        <ReleasesContent
          api={api}
          botId={botId}
          botName={loadedName}
          canManage={canManage}
          list={releases.data}
          members={memberList}
          refreshKey={refreshKey}
          onChanged={changed}
          onSaved={refresh}
        />
      ) : null}
    </div>
  );
}

interface ContentProps {
  api: Api;
  botId: string;
  /** The widget's title when a release sets none ('' while the bot loads). */
  botName: string;
  canManage: boolean;
  list: ReleaseList;
  members: Member[] | null;
  refreshKey: number;
  onChanged: (message: string) => void;
  onSaved: () => void;
}

function ReleasesContent({ api, botId, botName, canManage, list, members, refreshKey, onChanged, onSaved }: ContentProps) {
  const [params, setParams] = useSearchParams();
  const selectedId = params.get('release');
  const selected = list.releases.find((r) => r.id === selectedId) ?? null;
  const active = list.releases.find((r) => r.active) ?? null;
  const [newDraftFrom, setNewDraftFrom] = useState<string | null>(null);
  const [rollingBack, setRollingBack] = useState(false);
  // A bot runs one canary or one experiment at a time: each section hides its start form while the other runs.
  const [canaryLive, setCanaryLive] = useState(false);
  const [experimentRunning, setExperimentRunning] = useState(false);
  const rolloutProps = { api, botId, canManage, releases: list.releases, active, refreshKey, onChanged };
  const notify = useNotify();

  // Unsaved edits in the editor: opening another release or closing it asks first.
  const [editorDirty, setEditorDirty] = useState(false);
  const [discardFor, setDiscardFor] = useState<{ release: Release | null } | null>(null);

  function open(release: Release | null) {
    if (editorDirty && release?.id !== selectedId) {
      setDiscardFor({ release });
      return;
    }
    show(release);
  }

  function show(release: Release | null) {
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        if (release) next.set('release', release.id);
        else next.delete('release');
        return next;
      },
      { replace: false },
    );
  }

  return (
    <div className="stack-loose">
      <section className="card active-summary" aria-labelledby="active-title">
        <div>
          <h2 id="active-title">Active release</h2>
          {active ? (
            <p>
              <strong className="semver" data-testid="active-release">v{active.semver}</strong>{' '}
              <span className="muted small">
                published {active.publishedAt ? formatDate(active.publishedAt, true) : ''} by {personName(active.publishedBy, members)}
              </span>
            </p>
          ) : (
            <p className="muted" data-testid="active-release">No release is active yet: visitors get the default widget.</p>
          )}
        </div>
        {canManage ? (
          <div className="row">
            <button type="button" className="button button-danger-outline" onClick={() => { setRollingBack(true); }} disabled={!active}>
              Rollback
            </button>
            {/* A new draft starts from what visitors have now: the active release, else the bot's defaults. */}
            <button type="button" className="button button-primary" onClick={() => { setNewDraftFrom(active?.id ?? ''); }}>
              New draft
            </button>
          </div>
        ) : null}
      </section>

      <section className="card stack" aria-labelledby="releases-title">
        <h2 id="releases-title">Releases</h2>
        {!canManage ? <p className="alert alert-info">You can view releases. Only owners and admins can change them.</p> : null}
        {list.releases.length === 0 ? (
          <EmptyState title="No releases yet">{canManage ? <p>Create a draft to configure the widget.</p> : null}</EmptyState>
        ) : (
          <table className="table releases-table">
            <caption className="sr-only">Releases, newest first</caption>
            <TableHead columns={['Version', 'Status', 'Changelog', 'Created', 'Published']} />
            <tbody>
              {list.releases.map((r) => (
                <tr key={r.id} className={r.id === selectedId ? 'is-selected' : undefined} aria-current={r.id === selectedId ? 'true' : undefined}>
                  <td data-label="Version">
                    <strong className="semver">v{r.semver}</strong>
                  </td>
                  <td data-label="Status">
                    <ReleaseStatusBadge release={r} />
                  </td>
                  <td data-label="Changelog" className="changelog-cell">
                    {r.changelog || <span className="muted">—</span>}
                  </td>
                  <td data-label="Created">
                    {formatDate(r.createdAt, true)}
                    <br />
                    <span className="muted small">by {personName(r.createdBy, members)}</span>
                  </td>
                  <td data-label="Published">
                    {r.publishedAt ? (
                      <>
                        {formatDate(r.publishedAt, true)}
                        <br />
                        <span className="muted small">by {personName(r.publishedBy, members)}</span>
                      </>
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                  <td className="actions">
                    <button type="button" className="button button-secondary button-small" aria-label={`${r.status === 'draft' && canManage ? 'Edit' : 'View'} v${r.semver}`} onClick={() => { open(r); }}>
                      {r.status === 'draft' && canManage ? 'Edit' : 'View'}
                    </button>
                    {canManage ? (
                      <button type="button" className="button button-ghost button-small" aria-label={`Copy v${r.semver} into a new draft`} onClick={() => { setNewDraftFrom(r.id); }}>
                        Copy
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      {selected ? (
        <ReleaseEditor
          key={`${selected.id}:${selected.semver}:${selected.status}:${JSON.stringify(selected.config)}:${selected.changelog}`}
          api={api}
          botId={botId}
          botName={botName}
          release={selected}
          active={active}
          canManage={canManage}
          onSaved={(saved) => {
            notify(`Draft v${saved.semver} saved`);
            onSaved();
          }}
          onChanged={onChanged}
          onClose={() => { open(null); }}
          onDirtyChange={setEditorDirty}
        />
      ) : null}

      <CanarySection {...rolloutProps} experimentRunning={experimentRunning} onLiveChange={setCanaryLive} />
      <ExperimentsSection {...rolloutProps} canaryLive={canaryLive} onRunningChange={setExperimentRunning} />
      <TimelineSection api={api} botId={botId} releases={list.releases} members={members} refreshKey={refreshKey} />
      <DiffSection releases={list.releases} />
      <StatsSection api={api} botId={botId} refreshKey={refreshKey} />

      {discardFor && selected ? (
        <ConfirmDialog
          title={`Discard your changes to v${selected.semver}?`}
          confirmLabel="Discard changes"
          onCancel={() => { setDiscardFor(null); }}
          onConfirm={async () => {
            setDiscardFor(null);
            show(discardFor.release);
          }}
        >
          <p>The draft keeps what was last saved.</p>
        </ConfirmDialog>
      ) : null}

      {newDraftFrom !== null ? (
        <NewDraftDialog
          api={api}
          botId={botId}
          list={list}
          fromReleaseId={newDraftFrom}
          onClose={() => { setNewDraftFrom(null); }}
          onCreated={(release) => {
            setNewDraftFrom(null);
            onChanged(`Draft v${release.semver} created`);
            open(release);
          }}
        />
      ) : null}
      {rollingBack ? (
        <RollbackDialog
          api={api}
          botId={botId}
          releases={list.releases}
          active={active}
          onCancel={() => { setRollingBack(false); }}
          onDone={() => {
            setRollingBack(false);
            onChanged('Rolled back');
          }}
        />
      ) : null}
    </div>
  );
}
