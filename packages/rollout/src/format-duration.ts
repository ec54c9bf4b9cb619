/** A duration in milliseconds as hours, minutes and seconds ("1h 5m", "4m 10s", "45s"). */
export function formatDuration(ms: number): string {
  const totalSeconds = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  const parts = [hours > 0 ? `${hours}h` : '', minutes > 0 ? `${minutes}m` : '', seconds > 0 ? `${seconds}s` : ''];
  const text = parts.filter((part) => part !== '').join(' ');
  return text === '' ? '0s' : text;
}
