interface RowActionsProps {
  /** What the row is, for screen readers: "FAQ Do you ship to Hanoi?". */
  name: string;
  /** The open button's text: Edit, or View for those who may not change it. */
  openLabel: string;
  onOpen: () => void;
  /** Absent: no Delete button (no right to delete). */
  onDelete?: (() => void) | undefined;
}

/** A table row's actions cell: open (edit or view) and, for those allowed, delete. */
export function RowActions({ name, openLabel, onOpen, onDelete }: RowActionsProps) {
  return (
    <td className="actions">
      <button type="button" className="button button-secondary button-small" aria-label={`${openLabel} ${name}`} onClick={onOpen}>
        {openLabel}
      </button>
      {onDelete ? (
        <button type="button" className="button button-danger-outline button-small" aria-label={`Delete ${name}`} onClick={onDelete}>
          Delete
        </button>
      ) : null}
    </td>
  );
}
