/**
 * One entry per line of a textarea (examples, question variants): trimmed, blank lines dropped,
 * repeats (ignoring case and surrounding space) kept once, in the order first written.
 */
export function parseLines(text: string): string[] {
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const raw of text.split(/\r\n|\r|\n/)) {
    const line = raw.trim();
    if (line === '') continue;
    const key = line.toLocaleLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    lines.push(line);
  }
  return lines;
}

/** The reverse, to fill a textarea. */
export function joinLines(lines: readonly string[]): string {
  return lines.join('\n');
}
