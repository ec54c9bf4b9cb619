import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { sql } from 'drizzle-orm';
import { jobLeases, type Database } from '@parley/db';

/** A name for this process as a lease holder: unique per process, readable in the job_leases table. */
export const newLeaseHolder = (): string => `${hostname()}:${process.pid}:${randomBytes(6).toString('hex')}`;

/**
 * Leases of periodic jobs: one node at a time runs a job, whoever holds its unexpired
 * lease. A lease is not organization data (no org id): it names a job, not a tenant's row.
 */
export function createJobLeaseStore(db: Database) {
  return {
    /** Takes (or renews) the lease when it is free, expired or already ours; true when we hold it until `until`. */
    async acquire(name: string, holder: string, now: Date, until: Date): Promise<boolean> {
      const rows = await db
        .insert(jobLeases)
        .values({ name, holder, expiresAt: until })
        .onConflictDoUpdate({
          target: jobLeases.name,
          set: { holder, expiresAt: until },
          setWhere: sql`${jobLeases.expiresAt} < ${now.toISOString()}::timestamptz or ${jobLeases.holder} = ${holder}`,
        })
        .returning({ holder: jobLeases.holder });
      return rows.length > 0;
    },
  };
}
export type JobLeaseStore = ReturnType<typeof createJobLeaseStore>;
