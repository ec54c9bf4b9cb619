import { useCallback, useEffect, useId, useState } from 'react';
import type { SubmitEvent } from 'react';
import type { Experiment, Release } from '@parley/contracts';
import type { Api } from '../../api/createApi';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Field } from '../../components/Field';
import { formatDate } from '../../components/formatDate';
import { Loading } from '../../components/Loading';
import { SubmitButton } from '../../components/SubmitButton';
import { TextField } from '../../components/TextField';
import { useAsyncAction } from '../../hooks/useAsyncAction';
import { armShares, formToExperiment } from './experimentForm';
import type { ArmForm, GoalKind } from './experimentForm';
import { formatCount, formatInterval, formatPercent, formatPValue, formatSignedPercent } from './format';
import { releaseLabel } from './ReleaseStatusBadge';
import { useLiveResource } from './useLiveResource';

interface ExperimentsSectionProps {
  api: Api;
  botId: string;
  canManage: boolean;
  releases: readonly Release[];
  /** What visitors get when an experiment stops without a winner. */
  active: Release | null;
  refreshKey: number;
  /** A canary is running or paused: no experiment can start until it ends. */
  canaryLive: boolean;
  /** Told whether an experiment is running (the canary section waits for it). */
  onRunningChange: (running: boolean) => void;
  onChanged: (message: string) => void;
}

function goalLabel(goal: Experiment['goal']): string {
  if (goal.kind === 'event') return `“${goal.event}” events`;
  if (goal.kind === 'open_rate') return 'widget open rate';
  return 'messages per session';
}

export function ExperimentsSection({ api, botId, canManage, releases, active, refreshKey, canaryLive, onRunningChange, onChanged }: ExperimentsSectionProps) {
  const load = useCallback((signal: AbortSignal) => api.listExperiments(botId, signal), [api, botId]);
  const experiments = useLiveResource(load, refreshKey);
  const list = experiments.status === 'ready' ? [...experiments.data].sort((a, b) => b.startedAt.localeCompare(a.startedAt)) : [];
  const running = list.some((e) => e.state === 'running');
  useEffect(() => { onRunningChange(running); }, [running, onRunningChange]);
  return (
    <section className="card stack" aria-labelledby="experiments-title">
      <h2 id="experiments-title">A/B experiments</h2>
      {experiments.status === 'loading' ? <Loading label="Loading experiments…" /> : null}
      {experiments.status === 'error' ? <ErrorAlert error={experiments.error} onRetry={experiments.retry} /> : null}
      {list.map((e) => (
        <ExperimentView key={e.id} api={api} botId={botId} experiment={e} releases={releases} active={active} canManage={canManage} refreshKey={refreshKey} onChanged={onChanged} />
      ))}
      {experiments.status === 'ready' && list.length === 0 && !canManage ? <p className="muted">No experiment has run yet.</p> : null}
      {experiments.status === 'ready' && canManage && !running && canaryLive ? (
        <p className="muted">A canary rollout is live: let it finish or abort it before starting an experiment.</p>
      ) : null}
      {experiments.status === 'ready' && canManage && !running && !canaryLive ? (
        // Keyed by the releases: a release published meanwhile gets the form's default arms again.
        <StartExperimentForm key={releases.map((r) => `${r.id}:${r.status}`).join()} api={api} botId={botId} releases={releases} onChanged={onChanged} />
      ) : null}
    </section>
  );
}

interface ExperimentViewProps {
  api: Api;
  botId: string;
  experiment: Experiment;
  releases: readonly Release[];
  active: Release | null;
  canManage: boolean;
  refreshKey: number;
  onChanged: (m: string) => void;
}

function ExperimentView({ api, botId, experiment, releases, active, canManage, refreshKey, onChanged }: ExperimentViewProps) {
  const load = useCallback((signal: AbortSignal) => api.experimentResults(botId, experiment.id, signal), [api, botId, experiment.id]);
  const results = useLiveResource(load, refreshKey);
  // No winner until one is chosen: stopping then keeps the active release (shipping the control by default was easy to do by mistake).
  const [winner, setWinner] = useState('');
  const [stopping, setStopping] = useState(false);
  const winnerId = useId();
  const titleId = useId();
  const shares = armShares(experiment.arms.map((a) => a.weight));
  const running = experiment.state === 'running';

  return (
    <article className="experiment stack" aria-labelledby={titleId}>
      <h3 id={titleId}>
        {experiment.name} <span className={running ? 'badge badge-on' : 'badge badge-off'}>{running ? 'Running' : 'Stopped'}</span>
      </h3>
      <p className="muted small">
        Goal: {goalLabel(experiment.goal)} · started {formatDate(experiment.startedAt, true)}
        {experiment.stoppedAt ? ` · stopped ${formatDate(experiment.stoppedAt, true)}` : ''}
        {experiment.winnerReleaseId ? ` · shipped ${releaseLabel(experiment.winnerReleaseId, releases)}` : ''}
      </p>
      {results.status === 'loading' ? <Loading label="Loading results…" /> : null}
      {results.status === 'error' ? <ErrorAlert error={results.error} onRetry={results.retry} /> : null}
      {results.status === 'ready' ? (
        <>
          {results.data.sampleRatioMismatch.mismatch ? (
            <p className="alert alert-warning" role="alert">
              Sample ratio mismatch: visitors are not split as the weights say (χ² = {results.data.sampleRatioMismatch.chiSquare.toFixed(2)}, p ={' '}
              {formatPValue(results.data.sampleRatioMismatch.pValue)}). Check the setup before trusting these results.
            </p>
          ) : null}
          <table className="table results-table">
            <caption className="sr-only">Results of {experiment.name} per arm; lift against the first arm (control)</caption>
            <thead>
              <tr>
                {['Arm', 'Weight', 'Visitors', 'Conversions', 'Rate', 'Lift', '95% CI', 'p-value'].map((c) => (
                  <th key={c} scope="col">
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {results.data.arms.map((arm) => {
                const index = experiment.arms.findIndex((a) => a.releaseId === arm.releaseId);
                const significant = arm.lift !== null && arm.lift.pValue < 0.05;
                return (
                  <tr key={arm.releaseId}>
                    <th scope="row" data-label="Arm">
                      <span className="semver">{releaseLabel(arm.releaseId, releases)}</span>
                      {index === 0 ? <span className="muted small"> control</span> : null}
                    </th>
                    <td data-label="Weight">{index >= 0 ? `${Math.round(shares[index] ?? 0)}%` : '—'}</td>
                    <td data-label="Visitors">{formatCount(arm.visitors)}</td>
                    <td data-label="Conversions">{formatCount(arm.conversions)}</td>
                    <td data-label="Rate">{experiment.goal.kind === 'messages_per_session' ? arm.rate.toFixed(2) : formatPercent(arm.rate)}</td>
                    <td data-label="Lift">
                      {arm.lift ? (
                        <>
                          {formatSignedPercent(arm.lift.absolute)}
                          {arm.lift.relative !== null ? <span className="muted small"> ({formatSignedPercent(arm.lift.relative, 1)} rel.)</span> : null}
                        </>
                      ) : (
                        '—'
                      )}
                    </td>
                    <td data-label="95% CI">{arm.lift ? formatInterval(arm.lift.ci95) : '—'}</td>
                    <td data-label="p-value" className={significant ? 'is-significant' : undefined}>
                      {arm.lift ? formatPValue(arm.lift.pValue) : '—'}
                      {significant ? <span className="sr-only"> (significant)</span> : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </>
      ) : null}
      {running && canManage ? (
        <div className="inline-form">
          <div className="field">
            <label htmlFor={winnerId}>Winner to ship</label>
            <select id={winnerId} className="select" value={winner} onChange={(event) => { setWinner(event.currentTarget.value); }}>
              <option value="">No winner: keep {active ? `v${active.semver}` : 'the active release'}</option>
              {experiment.arms.map((a) => (
                <option key={a.releaseId} value={a.releaseId}>
                  {releaseLabel(a.releaseId, releases)}
                </option>
              ))}
            </select>
          </div>
          <div className="inline-form-submit">
            <button type="button" className="button button-primary" onClick={() => { setStopping(true); }}>
              {winner ? 'Stop and ship winner' : 'Stop experiment'}
            </button>
          </div>
        </div>
      ) : null}
      {stopping ? (
        <ConfirmDialog
          title={`Stop “${experiment.name}”?`}
          confirmLabel={winner ? 'Ship winner' : 'Stop experiment'}
          danger={false}
          onCancel={() => { setStopping(false); }}
          onConfirm={async () => {
            await api.stopExperiment(botId, experiment.id, winner || undefined);
            setStopping(false);
            onChanged(winner ? `Experiment stopped; ${releaseLabel(winner, releases)} shipped` : 'Experiment stopped without a winner');
          }}
        >
          {winner ? (
            <p>{releaseLabel(winner, releases)} becomes the active release for every visitor.</p>
          ) : (
            <p>Every visitor gets {active ? `v${active.semver}` : 'the active release'} again; no arm is shipped.</p>
          )}
        </ConfirmDialog>
      ) : null}
    </article>
  );
}

function StartExperimentForm({ api, botId, releases, onChanged }: { api: Api; botId: string; releases: readonly Release[]; onChanged: (m: string) => void }) {
  const options = releases.filter((r) => r.status !== 'archived');
  const [name, setName] = useState('');
  const [arms, setArms] = useState<ArmForm[]>([
    { releaseId: options[0]?.id ?? '', weight: '50' },
    { releaseId: options[1]?.id ?? '', weight: '50' },
  ]);
  const [goalKind, setGoalKind] = useState<GoalKind>('event');
  const [eventName, setEventName] = useState('');
  const [problems, setProblems] = useState<string[]>([]);
  const { pending, error, run } = useAsyncAction();
  const titleId = useId();
  const shares = armShares(arms.map((a) => Number(a.weight)));

  function setArm(index: number, change: Partial<ArmForm>) {
    setArms((list) => list.map((a, i) => (i === index ? { ...a, ...change } : a)));
  }

  async function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    const result = formToExperiment({ name, arms, goalKind, eventName });
    if (!result.ok) {
      setProblems(result.errors);
      return;
    }
    setProblems([]);
    await run(async () => {
      await api.startExperiment(botId, result.body);
      onChanged(`Experiment “${result.body.name}” started`);
    });
  }

  if (options.length < 2) return <p className="muted">An experiment needs at least two releases.</p>;

  return (
    <form className="stack" onSubmit={(event) => void submit(event)} aria-labelledby={titleId}>
      <h3 id={titleId}>Start an experiment</h3>
      <fieldset className="plain-fieldset stack" disabled={pending}>
        <legend className="sr-only">Experiment settings</legend>
        <TextField label="Experiment name" required maxLength={100} value={name} onChange={setName} />
        <fieldset className="config-group">
          <legend>Arms (the first is the control)</legend>
          {arms.map((arm, i) => (
            <div key={i} className="arm-row">
              <Field label={`Arm ${i + 1} release`}>
                {(control) => (
                  <select {...control} className="select" value={arm.releaseId} onChange={(event) => { setArm(i, { releaseId: event.currentTarget.value }); }}>
                    <option value="">Choose a release</option>
                    {options.map((r) => (
                      <option key={r.id} value={r.id}>
                        v{r.semver} ({r.status}
                        {r.active ? ', active' : ''})
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <TextField label={`Arm ${i + 1} weight`} hint={`${Math.round(shares[i] ?? 0)}% of visitors`} inputMode="numeric" value={arm.weight} onChange={(v) => { setArm(i, { weight: v }); }} />
              {arms.length > 2 ? (
                <button type="button" className="button button-ghost button-small" aria-label={`Remove arm ${i + 1}`} onClick={() => { setArms((list) => list.filter((_, j) => j !== i)); }}>
                  Remove
                </button>
              ) : null}
            </div>
          ))}
          {arms.length < 5 ? (
            <div>
              <button type="button" className="button button-secondary button-small" onClick={() => { setArms((list) => [...list, { releaseId: '', weight: '50' }]); }}>
                Add arm
              </button>
            </div>
          ) : null}
        </fieldset>
        <Field label="Goal">
          {(control) => (
            <select
              {...control}
              className="select"
              value={goalKind}
              onChange={(event) => {
                const v = event.currentTarget.value;
                setGoalKind(v === 'open_rate' ? 'open_rate' : v === 'messages_per_session' ? 'messages_per_session' : 'event');
              }}
            >
              <option value="event">A tracked event</option>
              <option value="open_rate">Widget open rate</option>
              <option value="messages_per_session">Messages per session</option>
            </select>
          )}
        </Field>
        {goalKind === 'event' ? <TextField label="Event name" hint="The name your site passes to track(), e.g. purchase" maxLength={100} value={eventName} onChange={setEventName} /> : null}
      </fieldset>
      {problems.length > 0 ? (
        <div role="alert" className="alert alert-error">
          <p>
            <strong>Check your input.</strong>
          </p>
          <ul>
            {problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <ErrorAlert error={error} />
      <div>
        <SubmitButton label="Start experiment" pendingLabel="Starting…" pending={pending} />
      </div>
    </form>
  );
}

