import { Locale, locales } from '@parley/contracts';
import { Field } from '../../components/Field';
import { localeNames } from '../bots/localeNames';

interface LocaleSelectProps {
  label: string;
  /** '' = the "any" choice (only with `anyLabel`). */
  value: Locale | '';
  /** Offers a first choice with value '' under this label, e.g. "Any language". */
  anyLabel?: string;
  error?: string | undefined;
  hint?: string;
  disabled?: boolean;
  /** Without `anyLabel`, always a locale. */
  onChange: (value: Locale | '') => void;
}

/** A language select over the bot locales, optionally with an "any" choice. */
export function LocaleSelect({ label, value, anyLabel, error, hint, disabled, onChange }: LocaleSelectProps) {
  return (
    <Field label={label} error={error} hint={hint}>
      {(control) => (
        <select
          {...control}
          className="select"
          value={value}
          disabled={disabled}
          onChange={(event) => {
            const raw = event.currentTarget.value;
            if (raw === '' && anyLabel !== undefined) {
              onChange('');
              return;
            }
            const parsed = Locale.safeParse(raw);
            if (parsed.success) onChange(parsed.data);
          }}
        >
          {anyLabel !== undefined ? <option value="">{anyLabel}</option> : null}
          {locales.map((l) => (
            <option key={l} value={l}>
              {localeNames[l]}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
