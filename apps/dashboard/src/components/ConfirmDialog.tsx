import { useState } from 'react';
import type { ReactNode } from 'react';
import { toApiError } from '../api/ApiError';
import type { ApiError } from '../api/ApiError';
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
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  async function confirm() {
    setPending(true);
    setError(null);
    try {
      await onConfirm();
    } catch (caught) {
      setError(toApiError(caught));
      setPending(false);
    }
  }

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
          onClick={() => void confirm()}
          aria-busy={pending}
          disabled={pending}
        >
          {pending ? 'Working…' : confirmLabel}
        </button>
      </div>
    </Modal>
  );
}
