import type { Role } from '@parley/contracts';
import { roleDescriptions } from '../pages/team/assignableRoles';
import { Field } from './Field';
import { RoleSelect } from './RoleSelect';

interface RoleFieldProps<R extends Role> {
  label: string;
  /** The roles offered, in order. */
  roles: readonly R[];
  value: R;
  onChange: (role: R) => void;
  error: string | undefined;
}

/** A labelled role select for an inline form; its hint describes the chosen role. */
export function RoleField<R extends Role>({ label, roles, value, onChange, error }: RoleFieldProps<R>) {
  return (
    <Field label={label} className="role-field" hint={roleDescriptions[value]} error={error}>
      {(control) => <RoleSelect {...control} roles={roles} value={value} onChange={onChange} />}
    </Field>
  );
}
