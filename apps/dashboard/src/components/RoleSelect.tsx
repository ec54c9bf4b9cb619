import type { Role } from '@parley/contracts';
import { roleNames } from '../pages/team/assignableRoles';
import type { ControlProps } from './Field';

interface RoleSelectProps<R extends Role> extends ControlProps {
  /** The roles offered, in order. */
  roles: readonly R[];
  value: R;
  onChange: (role: R) => void;
  /** Smaller, for use in a table row. */
  compact?: boolean;
  disabled?: boolean;
}

/** A <select> of roles; label it with Field (spreading its control props) or a <label htmlFor={id}>. */
export function RoleSelect<R extends Role>({ roles, value, onChange, compact = false, disabled, ...control }: RoleSelectProps<R>) {
  return (
    <select
      {...control}
      className={compact ? 'select select-compact' : 'select'}
      value={value}
      disabled={disabled}
      onChange={(event) => {
        const { value: selected } = event.currentTarget;
        const role = roles.find((r) => r === selected);
        if (role !== undefined) onChange(role);
      }}
    >
      {roles.map((r) => (
        <option key={r} value={r}>
          {roleNames[r]}
        </option>
      ))}
    </select>
  );
}
