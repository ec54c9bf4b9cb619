import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AssistantTestResult, Faq, IntentModelStatus, Me } from '@parley/contracts';
import { DEMO_FAQS } from '../features/setup/demo-knowledge.js';
import { freePort } from '../test/free-port.js';
import { PARLEY_BIN, runNode, signInOverHttp, startNodeUntil, type Finished } from '../test/parley-process.js';
import { waitUntil } from '../test/wait-until.js';
import { createPgDatabase, testDbKind } from '../test/test-database.js';

const DIST = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

describe('parley CLI (the built binary)', () => {
  let env: Record<string, string>;
  let dataDir: string;

  beforeAll(async () => {
    if (!existsSync(DIST)) throw new Error(`${DIST} is missing: run \`npm run build\` first (npm test does).`);
    dataDir = mkdtempSync(join(tmpdir(), 'parley-cli-'));
    env = { PATH: process.env.PATH ?? '', PARLEY_DATA_DIR: dataDir, LOG_LEVEL: 'warn', NODE_ENV: 'test' };
    if (testDbKind() === 'postgres') env.DATABASE_URL = await createPgDatabase();
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  const run = (args: string[], extra: Record<string, string> = {}): Promise<Finished> => runNode([PARLEY_BIN, ...args], { ...env, ...extra });
  const startUntil = (args: string[], marker: RegExp, extra: Record<string, string>) => startNodeUntil([PARLEY_BIN, ...args], { ...env, ...extra }, marker);

  const exited = (child: ChildProcess) => new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));

  it('prints usage and fails on unknown commands', async () => {
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('admin create --email');
    const bad = await run(['frobnicate']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('Unknown command: frobnicate');
  });

  it('fails fast with a readable message on bad configuration', async () => {
    const res = await run(['migrate'], { PORT: 'not-a-port', DATABASE_URL: 'mysql://nope' });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('Invalid configuration');
    expect(res.stderr).toContain('PORT');
    expect(res.stderr).toContain('DATABASE_URL');
    const prod = await run(['migrate'], { NODE_ENV: 'production' });
    expect(prod.code).toBe(1);
    expect(prod.stderr).toContain('SECRET_KEY');
  });

  it('migrates (twice, harmlessly)', async () => {
    for (let i = 0; i < 2; i++) {
      const res = await run(['migrate']);
      expect(res.stderr).toBe('');
      expect(res.code).toBe(0);
      expect(res.stdout).toContain(`Migrations applied (${testDbKind()})`);
    }
  });

  it('creates an admin, refusing bad input and duplicates', async () => {
    const bad = await run(['admin', 'create', '--email', 'not-an-email', '--password', 'short']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--email');
    const ok = await run(['admin', 'create', '--email', 'Ada@Example.test', '--password', 'a-long-password', '--org', 'Analytical']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('Created ada@example.test, owner of "Analytical"');
    const dup = await run(['admin', 'create', '--email', 'ada@example.test', '--password', 'a-long-password']);
    expect(dup.code).toBe(1);
    expect(dup.stderr).toContain('already exists');
  });

  it('runs the demo idempotently: the printed login works, SIGTERM shuts down cleanly', async () => {
    const botIds: string[] = [];
    for (let round = 0; round < 2; round++) {
      const port = await freePort();
      const { child, output } = await startUntil(['demo'], /Demo bot:.*\n/, { PORT: String(port) });
      try {
        const out = output();
        expect(out).toContain(`Dashboard:  http://127.0.0.1:${port}/app/`);
        const login = /Sign in:\s+(\S+) \/ (\S+)/.exec(out);
        expect(login).not.toBeNull();
        botIds.push(/Demo bot:\s+(\S+)/.exec(out)?.[1] ?? '');
        const res = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: login?.[1], password: login?.[2] }),
        });
        expect(res.status).toBe(200);
        const me = Me.parse(await res.json());
        expect(me.organizations.map((o) => o.name)).toEqual(['Demo Shop']);
        // The demo shop: another origin, the snippet embedded, and allowed to use the bot.
        const shopUrl = /Demo shop:\s+(\S+)/.exec(out)?.[1] ?? '';
        expect(shopUrl).toBe(`http://127.0.0.1:${port + 1}/`);
        const shop = await (await fetch(shopUrl)).text();
        expect(shop).toContain(`<script src="http://127.0.0.1:${port}/widget/v1/loader.js" data-bot-id="${botIds.at(-1) ?? ''}" async></script>`);
        const resolve = await fetch(`http://127.0.0.1:${port}/widget/v1/bots/${botIds.at(-1) ?? ''}/resolve`, { headers: { origin: new URL(shopUrl).origin } });
        expect(resolve.status).toBe(200);
        // The demo bot has knowledge to answer from (seeded once: the second run finds the same), and its
        // intent classifier is trained at start-up.
        const headers = await signInOverHttp(`http://127.0.0.1:${port}`, login?.[1] ?? '', login?.[2] ?? '');
        const bot = `http://127.0.0.1:${port}/api/v1/bots/${botIds.at(-1) ?? ''}`;
        expect(Faq.array().parse(await (await fetch(`${bot}/faqs`, { headers })).json())).toHaveLength(DEMO_FAQS.length);
        await waitUntil('the demo intents to be trained', async () => {
          const status = IntentModelStatus.parse(await (await fetch(`${bot}/intents-model`, { headers })).json());
          return status.upToDate && status.trainedVersion !== null ? true : undefined;
        });
        const ask = async (text: string) =>
          AssistantTestResult.parse(await (await fetch(`${bot}/assistant/test`, { method: 'POST', headers, body: JSON.stringify({ text }) })).json());
        expect(await ask('phi van chuyen bao nhieu')).toMatchObject({ answeredBy: 'knowledge', text: expect.stringContaining('30.000₫') });
        expect(await ask('What is the shipping fee?')).toMatchObject({ answeredBy: 'knowledge', text: expect.stringContaining('30,000₫') });
        expect(await ask('where is my order?')).toMatchObject({ answeredBy: 'intent' });
      } finally {
        const done = exited(child);
        child.kill('SIGTERM');
        expect(await done).toBe(0);
      }
    }
    expect(botIds[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(botIds[1]).toBe(botIds[0]);
  });
});
