/**
 * Why a parsed JSON value cannot be stored as text, or null when it can. PostgreSQL text cannot
 * hold NUL, and its json parser refuses a lone UTF-16 surrogate (`"\ud800"`, which JSON.parse
 * and Socket.IO accept): such input is refused at the boundary, in any string or key.
 */
export function unstorableText(value: unknown, depth = 0): string | null {
  if (typeof value === 'string') return stringProblem(value);
  if (depth > 64 || value === null || typeof value !== 'object') return null;
  if (Array.isArray(value)) {
    for (const v of value) {
      const problem = unstorableText(v, depth + 1);
      if (problem) return problem;
    }
    return null;
  }
  for (const [k, v] of Object.entries(value)) {
    const problem = stringProblem(k) ?? unstorableText(v, depth + 1);
    if (problem) return problem;
  }
  return null;
}

// With the u flag a surrogate pair is one code point, so only an unpaired half matches.
const LONE_SURROGATE = /\p{Cs}/u;

function stringProblem(s: string): string | null {
  if (s.includes('\u0000')) return 'Text must not contain NUL (\\u0000) characters';
  if (LONE_SURROGATE.test(s)) return 'Text must be valid Unicode (no unpaired surrogate characters)';
  return null;
}
