import { useCallback, useEffect, useId, useState } from 'react';
import type { SubmitEvent } from 'react';
import type { Release, Rollout } from '@parley/contracts';
import { ApiError } from '../../api/ApiError';
import type { Api } from '../../api/createApi';
import type { RolloutAction } from '../../api/releasesApi';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Field } from '../../components/Field';
import { formatDate } from '../../components/formatDate';
import { Loading } from '../../components/Loading';
import { SubmitButton } from '../../components/SubmitButton';
import { TextField } from '../../components/TextField';
import { useAsyncAction } from '../../hooks/useAsyncAction';
import { formatSteps } from './format';
import { defaultPolicyForm, formToPolicy } from './policyForm';
import type { PolicyErrors, PolicyForm } from './policyForm';
import { releaseLabel } from './ReleaseStatusBadge';
import { useLiveResource } from './useLiveResource';
import { parseVerdict, verdictTone } from './verdict';

interface CanarySectionProps {
  api: Api;
  botId: string;
  canManage: boolean;
  releases: readonly Release[];
  active: Release | null;
  refreshKey: number;
  /** An A/B experiment runs: no canary can start until it stops. */
  experimentRunning: boolean;
  /** Told whether a canary is running or paused (the experiments section waits for it). */
  onLiveChange: (live: boolean) => void;
  onChanged: (message: string) => void;
}

const stateLabels: Record<Rollout['state'], string> = {
  running: 'Running',
  paused: 'Paused',
  completed: 'Completed',
  rolled_back: 'Rolled back',
  aborted: 'Aborted',
};

export function CanarySection({ api, botId, canManage, releases, active, refreshKey, experimentRunning, onLiveChange, onChanged }: CanarySectionProps) {
  const load = useCallback((signal: AbortSignal) => api.listRollouts(botId, signal), [api, botId]);
  const rollouts = useLiveResource(load, refreshKey);
  const list = rollouts.status === 'ready' ? [...rollouts.data].sort((a, b) => b.createdAt.localeCompare(a.createdAt)) : [];
  const current = list.find((r) => r.state === 'running' || r.state === 'paused') ?? null;
  const latest = current ?? list[0] ?? null;
  const live = current !== null;
  useEffect(() => { onLiveChange(live); }, [live, onLiveChange]);

  return (
    <section className="card stack" aria-labelledby="canary-title">
      <h2 id="canary-title">Canary rollout</h2>
      {rollouts.status === 'loading' ? <Loading label="Loading rollouts…" /> : null}
      {rollouts.status === 'error' ? <ErrorAlert error={rollouts.error} onRetry={rollouts.retry} /> : null}
      {latest ? <RolloutView api={api} botId={botId} rollout={latest} releases={releases} canManage={canManage} onChanged={onChanged} /> : null}
      {rollouts.status === 'ready' && !current && canManage && experimentRunning ? (
        <p className="muted">An A/B experiment is running: stop it before starting a canary.</p>
      ) : null}
      {rollouts.status === 'ready' && !current && canManage && !experimentRunning ? (
        // Keyed by the releases: a release published meanwhile gets the form's default candidate again.
        <StartCanaryForm key={releases.map((r) => `${r.id}:${r.status}:${String(r.active)}`).join()} api={api} botId={botId} releases={releases} active={active} onChanged={onChanged} />
      ) : null}
      {rollouts.status === 'ready' && !latest && !canManage ? <p className="muted">No canary has run yet.</p> : null}
    </section>
  );
}

function RolloutView({ api, botId, rollout, releases, canManage, onChanged }: { api: Api; botId: string; rollout: Rollout; releases: readonly Release[]; canManage: boolean; onChanged: (m: string) => void }) {
  const steer = useAsyncAction();
  const [aborting, setAborting] = useState(false);
  const verdict = parseVerdict(rollout.lastVerdict);
  const live = rollout.state === 'running' || rollout.state === 'paused';
  const candidate = releaseLabel(rollout.candidateReleaseId, releases);
  // What the candidate gets now: its step while live, everything once completed, nothing once stopped.
  const traffic = live ? rollout.percent : rollout.state === 'completed' ? 100 : 0;

  async function act(action: RolloutAction, message: string) {
    await steer.run(async () => {
      await api.steerRollout(botId, rollout.id, action);
      onChanged(message);
    });
  }

  return (
    <div className="stack rollout" data-testid="rollout">
      <p>
        <strong className="semver">{candidate}</strong> against <span className="semver">{releaseLabel(rollout.baselineReleaseId, releases)}</span>{' '}
        <span className={`badge badge-rollout-${rollout.state}`}>{stateLabels[rollout.state]}</span>
      </p>
      <div>
        <p className="label" id={`rollout-${rollout.id}-label`}>
          Canary traffic: <strong data-testid="rollout-percent">{traffic}%</strong>
          {traffic !== rollout.percent ? <span className="muted small"> (stopped at {rollout.percent}%)</span> : null}
        </p>
        <div className="progress" role="progressbar" aria-labelledby={`rollout-${rollout.id}-label`} aria-valuemin={0} aria-valuemax={100} aria-valuenow={traffic}>
          <span style={{ width: `${Math.min(100, Math.max(0, traffic))}%` }} />
        </div>
        <ol className="stepper" aria-label="Rollout steps">
          {rollout.steps.map((step, i) => {
            const status = i < rollout.stepIndex || rollout.state === 'completed' ? 'done' : i === rollout.stepIndex ? 'current' : 'todo';
            return (
              <li key={`${i}:${step}`} className={`step step-${status}`} aria-current={status === 'current' ? 'step' : undefined}>
                <span className="step-dot" aria-hidden="true" />
                {step}%<span className="sr-only"> ({status === 'done' ? 'done' : status === 'current' ? 'current step' : 'to do'})</span>
              </li>
            );
          })}
        </ol>
        <p className="muted small">
          Started {formatDate(rollout.createdAt, true)} · current step since {formatDate(rollout.stepStartedAt, true)} · steps {formatSteps(rollout.steps)}
        </p>
      </div>
      <div className="verdict" aria-label="Judge's latest verdict" role="group">
        <h3>Judge’s latest verdict</h3>
        {verdict ? (
          <>
            <p>
              <span className={`badge badge-verdict-${verdictTone(verdict.verdict)}`}>{verdict.verdict}</span>
              {verdict.at ? <span className="muted small"> {formatDate(verdict.at, true)}</span> : null}
            </p>
            {verdict.reasons.length > 0 ? (
              <ul className="verdict-reasons">
                {verdict.reasons.map((r) => (
                  <li key={r}>{r}</li>
                ))}
              </ul>
            ) : null}
            {Object.keys(verdict.details).length > 0 ? (
              <details>
                <summary>Numbers</summary>
                <pre className="mono">{JSON.stringify(verdict.details, null, 2)}</pre>
              </details>
            ) : null}
          </>
        ) : (
          <p className="muted">The judge has not decided yet.</p>
        )}
      </div>
      {canManage && live ? (
        <div className="row">
          {rollout.state === 'running' ? (
            <button type="button" className="button button-secondary" disabled={steer.pending} onClick={() => void act('pause', 'Canary paused')}>
              Pause
            </button>
          ) : (
            <button type="button" className="button button-secondary" disabled={steer.pending} onClick={() => void act('resume', 'Canary resumed')}>
              Resume
            </button>
          )}
          <button type="button" className="button button-primary" disabled={steer.pending} onClick={() => void act('promote', 'Canary promoted to the next step')}>
            Promote
          </button>
          <button type="button" className="button button-danger-outline" disabled={steer.pending} onClick={() => { setAborting(true); }}>
            Abort
          </button>
        </div>
      ) : null}
      <ErrorAlert error={steer.error} />
      {aborting ? (
        <ConfirmDialog
          title={`Abort the canary of ${candidate}?`}
          confirmLabel="Abort canary"
          onCancel={() => { setAborting(false); }}
          onConfirm={async () => {
            await api.steerRollout(botId, rollout.id, 'abort');
            setAborting(false);
            onChanged('Canary aborted');
          }}
        >
          <p>Every visitor goes back to the stable release.</p>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}

function StartCanaryForm({ api, botId, releases, active, onChanged }: { api: Api; botId: string; releases: readonly Release[]; active: Release | null; onChanged: (m: string) => void }) {
  const candidates = releases.filter((r) => !r.active && r.status !== 'archived');
  const [releaseId, setReleaseId] = useState(candidates[0]?.id ?? '');
  const [form, setForm] = useState<PolicyForm>(defaultPolicyForm);
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<PolicyErrors>({});
  const { pending, error, setError, run } = useAsyncAction();
  const titleId = useId();

  function set(field: keyof PolicyForm, value: string) {
    setForm((f) => ({ ...f, [field]: value }));
  }

  async function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    const result = formToPolicy(form);
    if (!result.ok) {
      setErrors(result.errors);
      setError(ApiError.validation([]));
      return;
    }
    if (!releaseId) {
      setError(ApiError.validation([{ path: 'releaseId', message: 'Choose the release to roll out.' }]));
      return;
    }
    setErrors({});
    await run(async () => {
      await api.startRollout(botId, { releaseId, policy: result.policy, ...(reason.trim() ? { reason: reason.trim() } : {}) });
      onChanged('Canary started');
    });
  }

  if (!active) return <p className="muted">Publish a release first: a canary is compared against the active release.</p>;
  if (candidates.length === 0) return <p className="muted">Create another release to roll it out as a canary.</p>;

  return (
    <form className="stack" onSubmit={(event) => void submit(event)} aria-labelledby={titleId}>
      <h3 id={titleId}>Start a canary against v{active.semver}</h3>
      <fieldset className="plain-fieldset stack" disabled={pending}>
        <legend className="sr-only">Canary settings</legend>
        <Field label="Release to roll out">
          {(control) => (
            <select {...control} className="select" value={releaseId} onChange={(event) => { setReleaseId(event.currentTarget.value); }}>
              {candidates.map((r) => (
                <option key={r.id} value={r.id}>
                  v{r.semver} ({r.status})
                </option>
              ))}
            </select>
          )}
        </Field>
        <div className="form-grid">
          <TextField label="Steps (%)" hint="Increasing percentages, e.g. 5, 25, 50, 100" value={form.steps} onChange={(v) => { set('steps', v); }} error={errors.steps} />
          <TextField label="Minimum step duration (minutes)" inputMode="decimal" value={form.minStepMinutes} onChange={(v) => { set('minStepMinutes', v); }} error={errors.minStepMinutes} />
          <TextField label="Minimum sample per step (loads)" inputMode="numeric" value={form.minSample} onChange={(v) => { set('minSample', v); }} error={errors.minSample} />
          <TextField label="Maximum error rate (%)" inputMode="decimal" value={form.maxErrorRatePercent} onChange={(v) => { set('maxErrorRatePercent', v); }} error={errors.maxErrorRatePercent} />
          <TextField label="Maximum p95 load time (ms)" inputMode="numeric" value={form.maxP95Ms} onChange={(v) => { set('maxP95Ms', v); }} error={errors.maxP95Ms} />
        </div>
        <TextField label="Reason (optional)" maxLength={1000} value={reason} onChange={setReason} />
      </fieldset>
      <ErrorAlert error={error} inlineFields={[]} />
      <div>
        <SubmitButton label="Start canary" pendingLabel="Starting…" pending={pending} />
      </div>
    </form>
  );
}
