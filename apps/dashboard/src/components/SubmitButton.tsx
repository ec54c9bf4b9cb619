interface SubmitButtonProps {
  /** The button's text and accessible name, e.g. "Save changes". */
  label: string;
  /** Shown instead of `label` while the form is being submitted, e.g. "Saving…". */
  pendingLabel: string;
  pending: boolean;
  /** Full width, as on the sign-in pages. */
  block?: boolean;
}

/** A form's primary submit button: disabled and busy while the submission is pending. */
export function SubmitButton({ label, pendingLabel, pending, block = false }: SubmitButtonProps) {
  return (
    <button
      type="submit"
      className={block ? 'button button-primary button-block' : 'button button-primary'}
      disabled={pending}
      aria-busy={pending}
    >
      {pending ? pendingLabel : label}
    </button>
  );
}
