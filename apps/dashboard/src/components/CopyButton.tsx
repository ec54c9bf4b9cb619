import { useEffect, useRef, useState } from 'react';

interface CopyButtonProps {
  text: string;
  /** The button's visible text and accessible name, e.g. "Copy snippet". */
  label: string;
  className?: string;
}

type CopyStatus = 'idle' | 'copied' | 'failed';

async function writeClipboard(text: string): Promise<boolean> {
  // The async clipboard API needs a secure context (HTTPS or localhost) and may be denied.
  if (typeof navigator.clipboard === 'undefined') return false;
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

export function CopyButton({ text, label, className }: CopyButtonProps) {
  const [status, setStatus] = useState<CopyStatus>('idle');
  const timer = useRef<number | undefined>(undefined);

  useEffect(() => () => { window.clearTimeout(timer.current); }, []);

  async function copy() {
    const ok = await writeClipboard(text);
    setStatus(ok ? 'copied' : 'failed');
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => { setStatus('idle'); }, 4000);
  }

  return (
    <span className="copy">
      <button type="button" className={className ?? 'button button-secondary'} onClick={() => void copy()}>
        {label}
      </button>
      <span className={`copy-status copy-status-${status}`} role="status" aria-live="polite">
        {status === 'copied' ? 'Copied to clipboard' : status === 'failed' ? 'Could not copy: select the text and copy it manually' : ''}
      </span>
    </span>
  );
}
