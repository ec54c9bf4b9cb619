import { useId, useState } from 'react';
import type { Release } from '@parley/contracts';
import { configPathLabel } from './configForm';
import { diffConfig, formatConfigValue } from './diffConfig';

export function DiffSection({ releases }: { releases: readonly Release[] }) {
  const active = releases.find((r) => r.active);
  const [fromId, setFromId] = useState(active?.id ?? releases[1]?.id ?? '');
  const [toId, setToId] = useState(releases.find((r) => r.id !== (active?.id ?? releases[1]?.id))?.id ?? '');
  const fromLabel = useId();
  const toLabel = useId();
  const from = releases.find((r) => r.id === fromId);
  const to = releases.find((r) => r.id === toId);
  const changes = from && to ? diffConfig(from.config, to.config) : [];

  const picker = (id: string, label: string, value: string, onChange: (v: string) => void) => (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} className="select" value={value} onChange={(event) => { onChange(event.currentTarget.value); }}>
        <option value="">Choose a release</option>
        {releases.map((r) => (
          <option key={r.id} value={r.id}>
            v{r.semver} ({r.status}
            {r.active ? ', active' : ''})
          </option>
        ))}
      </select>
    </div>
  );

  return (
    <section className="card stack" aria-labelledby="diff-title">
      <h2 id="diff-title">Compare configs</h2>
      {releases.length < 2 ? (
        <p className="muted">Create a second release to compare configs.</p>
      ) : (
        <>
          <div className="inline-form">
            {picker(fromLabel, 'Compare release', fromId, setFromId)}
            {picker(toLabel, 'With release', toId, setToId)}
          </div>
          {from && to ? (
            changes.length === 0 ? (
              <p className="muted" role="status">
                v{from.semver} and v{to.semver} have the same config.
              </p>
            ) : (
              <table className="table diff-table">
                <caption className="sr-only">
                  Config changes from v{from.semver} to v{to.semver}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Field</th>
                    <th scope="col">v{from.semver}</th>
                    <th scope="col">v{to.semver}</th>
                  </tr>
                </thead>
                <tbody>
                  {changes.map((c) => (
                    <tr key={c.path}>
                      <th scope="row" data-label="Field" title={c.path}>
                        {configPathLabel(c.path)}
                      </th>
                      <td data-label={`v${from.semver}`} className="diff-before">
                        {formatConfigValue(c.before)}
                      </td>
                      <td data-label={`v${to.semver}`} className="diff-after">
                        {formatConfigValue(c.after)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )
          ) : null}
        </>
      )}
    </section>
  );
}
