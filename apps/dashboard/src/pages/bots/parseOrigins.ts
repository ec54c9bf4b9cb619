import { AllowedOrigin } from '@parley/contracts';

export interface ParsedOrigins {
  origins: string[];
  /** One message per invalid line, or undefined when every line is valid. */
  error: string | undefined;
}

/** Parses the "one origin per line" textarea with the same rules as the server. */
export function parseOrigins(text: string): ParsedOrigins {
  const origins: string[] = [];
  const problems: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const value = line.trim();
    if (!value) continue;
    const parsed = AllowedOrigin.safeParse(value);
    if (parsed.success) {
      if (!origins.includes(parsed.data)) origins.push(parsed.data);
    } else {
      problems.push(`“${value}” ${parsed.error.issues[0]?.message ?? 'is not a valid origin'}`);
    }
  }
  return { origins, error: problems.length > 0 ? problems.join('. ') : undefined };
}
