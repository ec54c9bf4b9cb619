import { useCallback } from 'react';
import type { Deployment, DeploymentKind, Member, Release } from '@parley/contracts';
import type { Api } from '../../api/createApi';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDate } from '../../components/formatDate';
import { Loading } from '../../components/Loading';
import { actorName } from './people';
import { timelineReleases } from './timelineWording';
import { useLiveResource } from './useLiveResource';

export const kindLabels: Record<DeploymentKind, string> = {
  publish: 'Published',
  rollback: 'Rolled back',
  canary_start: 'Canary started',
  canary_step: 'Canary step',
  canary_promote: 'Canary promoted',
  canary_pause: 'Canary paused',
  canary_resume: 'Canary resumed',
  canary_abort: 'Canary aborted',
  experiment_start: 'Experiment started',
  experiment_stop: 'Experiment stopped',
  archive: 'Archived',
};

interface TimelineSectionProps {
  api: Api;
  botId: string;
  releases: readonly Release[];
  members: Member[] | null;
  refreshKey: number;
}

export function TimelineSection({ api, botId, releases, members, refreshKey }: TimelineSectionProps) {
  const load = useCallback((signal: AbortSignal) => api.listDeployments(botId, signal), [api, botId]);
  const deployments = useLiveResource(load, refreshKey);
  return (
    <section className="card stack" aria-labelledby="timeline-title">
      <h2 id="timeline-title">Deployment history</h2>
      {deployments.status === 'loading' ? <Loading label="Loading history…" /> : null}
      {deployments.status === 'error' ? <ErrorAlert error={deployments.error} onRetry={deployments.retry} /> : null}
      {deployments.status === 'ready' && deployments.data.length === 0 ? <EmptyState title="Nothing deployed yet" /> : null}
      {deployments.status === 'ready' && deployments.data.length > 0 ? (
        <ol className="timeline" aria-label="Deployments, newest first">
          {[...deployments.data]
            .sort((a, b) => b.at.localeCompare(a.at))
            .map((d) => (
              <li key={d.id} className={`timeline-item timeline-${d.actor.kind}`}>
                <div className="timeline-head">
                  <TimelineHead deployment={d} releases={releases} />
                </div>
                <p className="muted small">
                  <span className={d.actor.kind === 'judge' ? 'badge badge-judge' : undefined}>{actorName(d.actor, members)}</span> ·{' '}
                  <time dateTime={d.at}>{formatDate(d.at, true)}</time>
                </p>
                {d.reason ? <p className="timeline-reason">{d.reason}</p> : null}
                {d.metrics !== null && d.metrics !== undefined ? (
                  <details className="timeline-metrics">
                    <summary>Metrics behind this decision</summary>
                    <pre className="mono">{JSON.stringify(d.metrics, null, 2)}</pre>
                  </details>
                ) : null}
              </li>
            ))}
        </ol>
      ) : null}
    </section>
  );
}

function TimelineHead({ deployment, releases }: { deployment: Deployment; releases: readonly Release[] }) {
  const { release, relation } = timelineReleases(deployment, releases);
  return (
    <>
      <strong>{kindLabels[deployment.kind]}</strong>
      {release ? <span className="semver"> {release}</span> : null}
      {relation ? <span className="muted"> ({relation})</span> : null}
    </>
  );
}
