import { timestamp, uuid } from 'drizzle-orm/pg-core';
import { bots } from './bots.js';
import { organizations } from './tenancy.js';

/** A timestamp with time zone (every time column). */
export const at = (name: string) => timestamp(name, { withTimezone: true });

/** The owning organization; its rows go with it. */
export const orgRef = () =>
  uuid('org_id')
    .notNull()
    .references(() => organizations.id, { onDelete: 'cascade' });

/** The owning bot; its rows go with it. */
export const botRef = () =>
  uuid('bot_id')
    .notNull()
    .references(() => bots.id, { onDelete: 'cascade' });
