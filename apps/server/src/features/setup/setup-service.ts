import type { Database } from '@parley/db';
import { AppError } from '../../errors/app-error.js';
import { randomToken } from '../../lib/tokens.js';
import { hashPassword } from '../auth/password.js';
import { createStores, createTransact } from '../data-store.js';
import { seedDemoKnowledge } from './demo-knowledge.js';

export const DEMO = {
  email: 'demo@parley.local',
  password: 'parley-demo',
  name: 'Demo Owner',
  org: 'Demo Shop',
  bot: 'Demo Shop Assistant',
} as const;

export interface CreatedAdmin {
  userId: string;
  orgId: string;
  orgName: string;
}

/** Setup tasks run from the CLI: first admin, demo data. */
export function createSetupService(db: Database) {
  const { users, orgs, bots } = createStores(db);
  const transact = createTransact(db);

  return {
    async createAdmin(input: { email: string; password: string; name?: string | undefined; orgName?: string | undefined }): Promise<CreatedAdmin> {
      const email = input.email.trim().toLowerCase();
      if (await users.findByEmail(email)) throw new AppError('conflict', `A user with email ${email} already exists`);
      const name = input.name ?? email.split('@')[0] ?? email;
      const orgName = input.orgName ?? `${name}'s organization`;
      const passwordHash = await hashPassword(input.password);
      return transact(async (tx) => {
        const user = await tx.users.create({ email, name, passwordHash });
        const org = await tx.orgs.createWithOwner(orgName, user.id);
        return { userId: user.id, orgId: org.id, orgName: org.name };
      });
    },

    /**
     * Idempotent: reuses the demo owner, organization and bot when they exist, and makes
     * sure the bot may be embedded on `shopOrigins` (the demo shop's origins).
     */
    async seedDemo(shopOrigins: string[]): Promise<{ created: boolean; orgId: string; botId: string }> {
      const existing = await users.findByEmail(DEMO.email);
      let created = false;
      let orgId: string;
      if (existing) {
        const mine = await orgs.listForUser(existing.id);
        const demoOrg = mine.find((o) => o.name === DEMO.org) ?? mine[0];
        orgId = demoOrg ? demoOrg.id : (await orgs.createWithOwner(DEMO.org, existing.id)).id;
      } else {
        orgId = (await this.createAdmin({ email: DEMO.email, password: DEMO.password, name: DEMO.name, orgName: DEMO.org })).orgId;
        created = true;
      }
      const existingBot = (await bots.list(orgId)).find((b) => b.name === DEMO.bot);
      if (existingBot) {
        const missing = shopOrigins.filter((o) => !existingBot.allowedOrigins.includes(o));
        if (missing.length > 0) await bots.update(orgId, existingBot.id, { allowedOrigins: [...existingBot.allowedOrigins, ...missing] }, new Date());
        return { created, orgId, botId: existingBot.id };
      }
      const bot = await bots.create(orgId, {
        name: DEMO.bot,
        allowedOrigins: shopOrigins,
        premium: true,
        locale: 'en',
        identitySecret: randomToken(32),
      });
      // Something for the hybrid assistant to answer from (a new demo bot only: never over an operator's edits).
      await seedDemoKnowledge(transact, orgId, bot.id, new Date());
      return { created, orgId, botId: bot.id };
    },
  };
}
