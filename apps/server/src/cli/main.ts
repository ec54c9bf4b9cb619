import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Email, Password } from '@parley/contracts';
import { buildApp, openDatabase } from '../app.js';
import { defaultWidgetDir } from '../plugins/dashboard.js';
import { createTransact } from '../features/data-store.js';
import { createLegacyImporter, LegacyFile } from '../features/releases/legacy-import.js';
import { widgetRuntimeId } from '../features/releases/widget-runtime.js';
import { ConfigError, loadConfig, type Config } from '../config/config.js';
import { AppError } from '../errors/app-error.js';
import { startDemoShop } from '../features/demo/demo-shop.js';
import { DEMO, createSetupService } from '../features/setup/setup-service.js';
import { evalAnswersCommand } from './eval-answers.js';
import { evalIntentsCommand } from './eval-intents.js';

const USAGE = `Usage: parley <command>

Commands:
  start [--demo]                 run the server (--demo: seed the demo first)
  demo                           seed the demo organization, owner and bot, then run the server
  migrate                        apply database migrations and exit
  admin create --email E --password P [--name N] [--org O]
                                 create a user who owns a new organization
  import-legacy <file.json>      make each bot's old single widget config its release 1.0.0,
                                 published and active (creates missing bots; safe to re-run)
  eval intents <corpus.json> [--threshold T]
                                 train on the corpus's training sentences and classify the rest through
                                 the intent stage: accuracy, macro/micro-F1, confusions, p50/p99 latency
  eval answers <qa.json>         load a Q&A corpus into an in-memory database and rank each question's
                                 FAQ through the knowledge stage: hit@1, hit@3, MRR, p50/p99 latency

Configuration comes from environment variables; see README.md.`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'start': {
      const { values } = parseArgs({ args: rest, options: { demo: { type: 'boolean', default: false } } });
      return start(loadConfig(process.env), values.demo);
    }
    case 'demo':
      return start(loadConfig(process.env), true);
    case 'migrate':
      return migrate(loadConfig(process.env));
    case 'admin':
      return admin(loadConfig(process.env), rest);
    case 'import-legacy':
      return importLegacy(loadConfig(process.env), rest);
    case 'eval': {
      const [what, ...files] = rest;
      if (what === 'answers') return evalAnswersCommand(files);
      if (what === 'intents') return evalIntentsCommand(files);
      console.error(`Unknown eval command: ${what ?? '(none)'}\n\n${USAGE}`);
      return 2;
    }
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      console.log(USAGE);
      return command === undefined ? 1 : 0;
    default:
      console.error(`Unknown command: ${command}\n\n${USAGE}`);
      return 1;
  }
}

async function migrate(config: Config): Promise<number> {
  const database = openDatabase(config);
  try {
    await database.migrate();
    console.log(`Migrations applied (${database.kind}).`);
    return 0;
  } finally {
    await database.close();
  }
}

async function admin(config: Config, args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'create') {
    console.error(`Unknown admin command: ${sub ?? '(none)'}\n\n${USAGE}`);
    return 1;
  }
  const { values } = parseArgs({
    args: rest,
    options: {
      email: { type: 'string' },
      password: { type: 'string' },
      name: { type: 'string' },
      org: { type: 'string' },
    },
  });
  const email = Email.safeParse(values.email);
  const password = Password.safeParse(values.password);
  if (!email.success || !password.success) {
    console.error('admin create needs --email (an email address) and --password (at least 8 characters)');
    return 1;
  }
  const database = openDatabase(config);
  try {
    await database.migrate();
    const created = await createSetupService(database.db).createAdmin({
      email: email.data,
      password: password.data,
      name: values.name,
      orgName: values.org,
    });
    console.log(`Created ${email.data}, owner of "${created.orgName}". Sign in at ${config.publicUrl}/app/`);
    return 0;
  } finally {
    await database.close();
  }
}

async function importLegacy(config: Config, args: string[]): Promise<number> {
  const [path, extra] = args;
  if (!path || extra !== undefined) {
    console.error(`import-legacy needs exactly one file\n\n${USAGE}`);
    return 1;
  }
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    console.error(`Cannot read ${path}: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
  const file = LegacyFile.safeParse(json);
  if (!file.success) {
    const lines = file.error.issues.map((i) => `  ${i.path.join('.') || '(file)'}: ${i.message}`);
    console.error(`Invalid legacy file ${path}:\n${lines.join('\n')}`);
    return 1;
  }
  const database = openDatabase(config);
  try {
    await database.migrate();
    const importer = createLegacyImporter({
      transact: createTransact(database.db),
      runtime: widgetRuntimeId(config.widgetDir ?? defaultWidgetDir),
      now: () => new Date(),
    });
    for (const r of await importer.importFile(file.data)) {
      console.log(`${r.outcome === 'imported' ? 'Imported' : 'Already imported'}: "${r.name}" (${r.botId})${r.botCreated ? ', bot created' : ''}`);
    }
    return 0;
  } finally {
    await database.close();
  }
}

async function start(config: Config, demo: boolean): Promise<number> {
  const app = await buildApp(config);
  const shopOrigins = [`http://localhost:${config.demoShopPort}`, `http://127.0.0.1:${config.demoShopPort}`];
  const seeded = demo ? await createSetupService(app.database.db).seedDemo(shopOrigins) : undefined;
  const shop = seeded ? await startDemoShop(config.host, config.demoShopPort, config.publicUrl, seeded.botId) : undefined;
  if (shop) app.addHook('onClose', () => shop.close());

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      app.log.error('shutdown took longer than 10 s; exiting');
      process.exit(1);
    }, 10_000);
    force.unref();
    app.close().then(
      () => process.exit(0),
      (err: unknown) => {
        app.log.error({ err }, 'error during shutdown');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));

  await app.listen({ port: config.port, host: config.host });
  const lines = [
    '',
    `  Parley ${demo ? '(demo) ' : ''}is running on ${app.database.kind === 'pglite' ? `PGlite (${config.database.dataDir})` : 'PostgreSQL'}`,
    `  Dashboard:  ${config.publicUrl}/app/`,
    `  API docs:   ${config.publicUrl}/docs`,
  ];
  if (seeded) {
    lines.push(`  Sign in:    ${DEMO.email} / ${DEMO.password}`, `  Demo bot:   ${seeded.botId}`);
  }
  if (shop) {
    lines.push(`  Demo shop:  ${shop.url}  (another origin, with the chat widget)`);
  }
  console.log(`${lines.join('\n')}\n`);
  return -1;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (err: unknown) => {
    if (err instanceof ConfigError || err instanceof AppError) console.error(err.message);
    else console.error(err);
    process.exit(1);
  },
);
