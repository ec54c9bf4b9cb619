import { useId } from 'react';
import type { OrgSummary } from '@parley/contracts';
import { RoleBadge } from '../components/RoleBadge';

interface OrgSwitcherProps {
  organizations: OrgSummary[];
  current: OrgSummary | null;
  onSelect: (orgId: string) => void;
  onNew: () => void;
}

export function OrgSwitcher({ organizations, current, onSelect, onNew }: OrgSwitcherProps) {
  const id = useId();
  return (
    <div className="org-switcher">
      {organizations.length > 0 && current ? (
        <>
          <label htmlFor={id} className="org-label">
            Organization
          </label>
          <select
            id={id}
            className="select org-select"
            value={current.id}
            onChange={(event) => { onSelect(event.currentTarget.value); }}
          >
            {organizations.map((org) => (
              <option key={org.id} value={org.id}>
                {org.name}
              </option>
            ))}
          </select>
          <span className="org-role">
            <span className="sr-only">Your role: </span>
            <RoleBadge role={current.role} />
          </span>
        </>
      ) : null}
      <button type="button" className="button button-ghost button-small" onClick={onNew}>
        {/* One flex item for the words, so the button's gap does not add to the space between them. */}
        <span aria-hidden="true">+</span>
        <span>
          New<span className="sr-only-narrow"> organization</span>
        </span>
      </button>
    </div>
  );
}
