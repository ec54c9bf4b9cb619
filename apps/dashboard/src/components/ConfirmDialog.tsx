import type { ReactNode } from 'react';
import { useAsyncAction } from '../hooks/useAsyncAction';
import { ErrorAlert } from './ErrorAlert';
import { Modal } from './Modal';

interface ConfirmDialogProps {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  /** Runs the action; on success the parent closes the dialog, on failure the error is shown in it. */
  onConfirm: () => Promise<void>;
  onCancel: () => void;
  danger?: boolean;
}

export function ConfirmDialog({ title, children, confirmLabel, onConfirm, onCancel, danger = true }: ConfirmDialogProps) {
  const { pending, error, run } = useAsyncAction({ keepPendingOnSuccess: true });

  return (
    <Modal title={title} role="alertdialog" onClose={() => {
        if (!pending) onCancel();
      }}>
      <div className="modal-body">{children}</div>
      <ErrorAlert error={error} />
      <div className="modal-actions">
        <button type="button" className="button button-secondary" onClick={onCancel} disabled={pending}>
          Cancel
        </button>
        <button
          type="button"
          className={danger ? 'button button-danger' : 'button button-primary'}
          onClick={() => void run(onConfirm)}
          aria-busy={pending}
          disabled={pending}
        >
          {pending ? 'Working…' : confirmLabel}
        </button>
      </div>
    </Modal>
  );
}
