import { useId } from 'react';

export const palette = ['#4f46e5', '#0d9488', '#d97706', '#db2777', '#2563eb', '#65a30d', '#7c3aed', '#dc2626'] as const;

export function colorAt(i: number): string {
  return palette[i % palette.length] ?? '#4f46e5';
}

interface Bar {
  label: string;
  value: number | null;
}

/** Horizontal bars, one per release; the table next to it holds the exact numbers. */
export function BarChart({ title, bars, format }: { title: string; bars: readonly Bar[]; format: (v: number | null) => string }) {
  const id = useId();
  const max = Math.max(0, ...bars.map((b) => b.value ?? 0));
  const rowHeight = 22;
  const labelWidth = 70;
  const width = 320;
  const height = bars.length * rowHeight + 4;
  const summary = `${title}: ${bars.map((b) => `${b.label} ${format(b.value)}`).join(', ')}`;
  return (
    <figure className="chart">
      <figcaption id={id} className="chart-title">
        {title}
      </figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} width="100%" role="img" aria-labelledby={id} aria-description={summary}>
        <title>{summary}</title>
        {bars.map((b, i) => {
          const w = max > 0 && b.value !== null ? ((width - labelWidth - 70) * b.value) / max : 0;
          const y = i * rowHeight + 2;
          return (
            <g key={`${b.label}:${i}`}>
              <text x={0} y={y + 14} className="chart-label">
                {b.label}
              </text>
              <rect x={labelWidth} y={y + 3} width={Math.max(w, b.value ? 1 : 0)} height={rowHeight - 8} rx={3} fill={colorAt(i)} />
              <text x={labelWidth + w + 6} y={y + 14} className="chart-value">
                {format(b.value)}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}

interface Series {
  label: string;
  points: readonly { at: string; value: number }[];
}

/** Lines over time (e.g. loads per hour per release), with a legend. */
export function LineChart({ title, series }: { title: string; series: readonly Series[] }) {
  const id = useId();
  const width = 640;
  const height = 180;
  const pad = { left: 40, right: 10, top: 10, bottom: 24 };
  const times = series.flatMap((s) => s.points.map((p) => Date.parse(p.at))).filter((t) => Number.isFinite(t));
  const values = series.flatMap((s) => s.points.map((p) => p.value));
  if (times.length === 0) {
    return (
      <figure className="chart">
        <figcaption className="chart-title">{title}</figcaption>
        <p className="muted small">No data in this period.</p>
      </figure>
    );
  }
  const t0 = Math.min(...times);
  const t1 = Math.max(...times);
  const vMax = Math.max(1, ...values);
  const x = (t: number) => pad.left + (t1 === t0 ? 0 : ((t - t0) / (t1 - t0)) * (width - pad.left - pad.right));
  const y = (v: number) => pad.top + (1 - v / vMax) * (height - pad.top - pad.bottom);
  const fmt = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: '2-digit' });
  return (
    <figure className="chart chart-wide">
      <figcaption id={id} className="chart-title">
        {title}
      </figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} width="100%" role="img" aria-labelledby={id}>
        <line x1={pad.left} x2={width - pad.right} y1={y(0)} y2={y(0)} className="chart-axis" />
        <line x1={pad.left} x2={pad.left} y1={pad.top} y2={y(0)} className="chart-axis" />
        <text x={pad.left - 4} y={pad.top + 8} textAnchor="end" className="chart-label">
          {vMax}
        </text>
        <text x={pad.left - 4} y={y(0)} textAnchor="end" className="chart-label">
          0
        </text>
        <text x={pad.left} y={height - 6} className="chart-label">
          {fmt.format(t0)}
        </text>
        <text x={width - pad.right} y={height - 6} textAnchor="end" className="chart-label">
          {fmt.format(t1)}
        </text>
        {series.map((s, i) => {
          const pts = s.points
            .map((p) => ({ t: Date.parse(p.at), v: p.value }))
            .filter((p) => Number.isFinite(p.t))
            .sort((a, b) => a.t - b.t);
          return (
            <g key={s.label}>
              <polyline fill="none" stroke={colorAt(i)} strokeWidth={2} points={pts.map((p) => `${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`).join(' ')} />
              {pts.length === 1 && pts[0] ? <circle cx={x(pts[0].t)} cy={y(pts[0].v)} r={3} fill={colorAt(i)} /> : null}
            </g>
          );
        })}
      </svg>
      <ul className="legend" aria-label="Legend">
        {series.map((s, i) => (
          <li key={s.label}>
            <span className="legend-swatch" style={{ background: colorAt(i) }} aria-hidden="true" />
            {s.label}
          </li>
        ))}
      </ul>
    </figure>
  );
}
