import { z } from 'zod';

// Module level: a zod schema compiles itself on first use, so one made per call costs that every time.
const Result = z.object({ rows: z.array(z.unknown()) });

/** The rows of a raw `db.execute` result: node-postgres returns `{ rows }`, PGlite a result with `rows` too. */
export function rowsOf(result: unknown): unknown[] {
  const parsed = Result.safeParse(result);
  return parsed.success ? parsed.data.rows : [];
}
