import { useEffect, useRef, useState } from 'react';

interface CopyButtonProps {
  text: string;
  /** The button's visible text and accessible name, e.g. "Copy snippet". */
  label: string;
  className?: string;
}

type CopyStatus = 'idle' | 'copied' | 'failed';

async function writeClipboard(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // The async clipboard API is missing outside secure contexts or may be denied: fall back.
    const scratch = document.createElement('textarea');
    scratch.value = text;
    scratch.setAttribute('readonly', '');
    scratch.style.position = 'fixed';
    scratch.style.opacity = '0';
    document.body.append(scratch);
    scratch.select();
    try {
      return document.execCommand('copy');
    } catch {
      return false;
    } finally {
      scratch.remove();
    }
  }
}

export function CopyButton({ text, label, className }: CopyButtonProps) {
  const [status, setStatus] = useState<CopyStatus>('idle');
  const timer = useRef<number | undefined>(undefined);

  useEffect(() => () => window.clearTimeout(timer.current), []);

  async function copy() {
    const ok = await writeClipboard(text);
    setStatus(ok ? 'copied' : 'failed');
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => setStatus('idle'), 4000);
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
