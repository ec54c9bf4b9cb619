import { useState } from 'react';
import type { SubmitEvent } from 'react';
import type { ApiError } from '../../api/ApiError';
import { useAsyncAction } from '../../hooks/useAsyncAction';
import { serverFieldErrors, type FormErrors } from './formErrors';

/** A form's values turned into a request body, or the reasons they cannot be. */
export type FormResult<B> = { ok: true; body: B } | { ok: false; errors: FormErrors };

export interface EditorForm<V> {
  values: V;
  set: <K extends keyof V>(key: K, value: V[K]) => void;
  /** The form's own errors and the server's field errors, by field key. */
  shown: FormErrors;
  /** Whether the form's own check found problems (the server's are in `error`). */
  invalid: boolean;
  pending: boolean;
  error: ApiError | null;
  submit: (event: SubmitEvent<HTMLFormElement>) => Promise<void>;
}

/**
 * The state of an editor form (FAQ, intent): its values, the form's own check before sending, the
 * request while it runs, and its errors merged with the server's field errors.
 */
export function useEditorForm<V, B>(initial: () => V, toBody: (values: V) => FormResult<B>, save: (body: B) => Promise<void>): EditorForm<V> {
  const [values, setValues] = useState<V>(initial);
  const [errors, setErrors] = useState<FormErrors>({});
  const { pending, error, run } = useAsyncAction();
  return {
    values,
    set: (key, value) => {
      setValues((v) => ({ ...v, [key]: value }));
    },
    shown: { ...(error ? serverFieldErrors(error.fieldErrors) : {}), ...errors },
    invalid: Object.keys(errors).length > 0,
    pending,
    error,
    async submit(event) {
      event.preventDefault();
      const result = toBody(values);
      if (!result.ok) {
        setErrors(result.errors);
        return;
      }
      setErrors({});
      await run(() => save(result.body));
    },
  };
}
