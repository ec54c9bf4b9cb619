const clock = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });
const dayMonth = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });
const full = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' });

/** A short "how long ago" for list rows: "now", "5m", "3h", "Yesterday", "Mar 4", "Mar 4, 2023". */
export function relativeTime(iso: string, now: number): string {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return '';
  const seconds = Math.max(0, Math.round((now - at) / 1000));
  if (seconds < 45) return 'now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours}h`;
  if (hours < 48) return 'Yesterday';
  const date = new Date(at);
  return date.getFullYear() === new Date(now).getFullYear() ? dayMonth.format(date) : full.format(date);
}

/** The time of day, for messages. */
export function clockTime(iso: string): string {
  const at = Date.parse(iso);
  return Number.isNaN(at) ? '' : clock.format(at);
}
