import { useCallback, useId, useState } from 'react';
import type { Api } from '../../api/createApi';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDate } from '../../components/formatDate';
import { Loading } from '../../components/Loading';
import { BarChart, LineChart } from './charts';
import { formatCount, formatMs, formatPercent } from './format';
import { useLiveResource } from './useLiveResource';

const ranges = [
  { value: '24', label: 'Last 24 hours' },
  { value: '168', label: 'Last 7 days' },
  { value: '720', label: 'Last 30 days' },
] as const;

export function StatsSection({ api, botId, refreshKey }: { api: Api; botId: string; refreshKey: number }) {
  const [hours, setHours] = useState('168');
  const rangeId = useId();
  const load = useCallback(
    (signal: AbortSignal) => {
      const to = new Date();
      const from = new Date(to.getTime() - Number(hours) * 3_600_000);
      return api.releaseStats(botId, { from: from.toISOString(), to: to.toISOString() }, signal);
    },
    [api, botId, hours],
  );
  const stats = useLiveResource(load, refreshKey);
  const rows = stats.status === 'ready' ? stats.data.releases : [];

  return (
    <section className="card stack" aria-labelledby="stats-title">
      <div className="section-header">
        <h2 id="stats-title">Analytics per version</h2>
        <div className="field field-inline">
          <label htmlFor={rangeId}>Period</label>
          <select id={rangeId} className="select select-compact" value={hours} onChange={(event) => { setHours(event.currentTarget.value); }}>
            {ranges.map((r) => (
              <option key={r.value} value={r.value}>
                {r.label}
              </option>
            ))}
          </select>
        </div>
      </div>
      {stats.status === 'loading' ? <Loading label="Loading analytics…" /> : null}
      {stats.status === 'error' ? <ErrorAlert error={stats.error} onRetry={stats.retry} /> : null}
      {stats.status === 'ready' && rows.length === 0 ? <EmptyState title="No widget events in this period" /> : null}
      {stats.status === 'ready' && rows.length > 0 ? (
        <>
          <p className="muted small">
            {formatDate(stats.data.from, true)} – {formatDate(stats.data.to, true)}
          </p>
          <div className="table-scroll">
            <table className="table stats-table">
              <caption className="sr-only">Widget metrics per release</caption>
              <thead>
                <tr>
                  {['Release', 'Views', 'Loads', 'Errors', 'Error rate', 'p50 load', 'p95 load', 'Opens', 'Open rate', 'Conversions', 'Conversion'].map((c) => (
                    <th key={c} scope="col">
                      {c}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.releaseId}>
                    <th scope="row" data-label="Release" className="semver">
                      v{r.semver}
                    </th>
                    <td data-label="Views">{formatCount(r.views)}</td>
                    <td data-label="Loads">{formatCount(r.loads)}</td>
                    <td data-label="Errors">{formatCount(r.errors)}</td>
                    <td data-label="Error rate">{formatPercent(r.errorRate)}</td>
                    <td data-label="p50 load">{formatMs(r.p50LoadMs)}</td>
                    <td data-label="p95 load">{formatMs(r.p95LoadMs)}</td>
                    <td data-label="Opens">{formatCount(r.opens)}</td>
                    <td data-label="Open rate">{formatPercent(r.openRate)}</td>
                    <td data-label="Conversions">{formatCount(r.conversions)}</td>
                    <td data-label="Conversion">{formatPercent(r.conversionRate)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="chart-grid">
            <BarChart title="Loads" bars={rows.map((r) => ({ label: `v${r.semver}`, value: r.loads }))} format={(v) => (v === null ? '—' : formatCount(v))} />
            <BarChart title="Error rate" bars={rows.map((r) => ({ label: `v${r.semver}`, value: r.errorRate }))} format={(v) => formatPercent(v)} />
            <BarChart title="p50 load time" bars={rows.map((r) => ({ label: `v${r.semver}`, value: r.p50LoadMs }))} format={formatMs} />
            <BarChart title="p95 load time" bars={rows.map((r) => ({ label: `v${r.semver}`, value: r.p95LoadMs }))} format={formatMs} />
            <BarChart title="Open rate" bars={rows.map((r) => ({ label: `v${r.semver}`, value: r.openRate }))} format={(v) => formatPercent(v)} />
            <BarChart title="Conversion" bars={rows.map((r) => ({ label: `v${r.semver}`, value: r.conversionRate }))} format={(v) => formatPercent(v)} />
          </div>
          <LineChart title="Loads per hour" series={rows.map((r) => ({ label: `v${r.semver}`, points: r.series.map((p) => ({ at: p.at, value: p.loads })) }))} />
          <LineChart title="Errors per hour" series={rows.map((r) => ({ label: `v${r.semver}`, points: r.series.map((p) => ({ at: p.at, value: p.errors })) }))} />
        </>
      ) : null}
    </section>
  );
}
