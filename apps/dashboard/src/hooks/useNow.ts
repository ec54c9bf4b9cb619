import { useEffect, useState } from 'react';

/** The current time (ms), refreshed every `intervalMs`, for relative times that must not go stale. */
export function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => { setNow(Date.now()); }, intervalMs);
    return () => { window.clearInterval(timer); };
  }, [intervalMs]);
  return now;
}
