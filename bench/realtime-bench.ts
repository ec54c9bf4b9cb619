// npm run bench:realtime — Parley against a bare Socket.IO echo server, same load, side by side.
//
// For each server: N visitors send messages at an aggregate rate for D seconds; one agent
// socket listens. We time visitor→ack (the message is stored before Parley acks it) and
// visitor→agent delivery. Then C visitor connections are opened at once and the server's
// peak RSS is read from /proc. Everything runs on 127.0.0.1 and stops by itself. CPU per message is
// printed for the server, the load generator, PostgreSQL and the whole machine: on a small machine
// they share the cores, and the latency tail follows the machine's total load.
//
// Options (env): BENCH_VISITORS=200 BENCH_RATE=1000 BENCH_SECONDS=10 BENCH_CONNECTIONS=5000 BENCH_SERVER_NODE_ARGS=
import { createWriteStream, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { io, type Socket } from 'socket.io-client';
import { Bot, CreatedApiKey, WidgetResolve } from '@parley/contracts';
import { startPostgres } from '../apps/server/src/test/postgres-server.js';
import { freePort } from '../apps/server/src/test/free-port.js';
import { PARLEY_BIN, runNode, signInOverHttp, startNodeUntil } from '../apps/server/src/test/parley-process.js';

const VISITORS = Number(process.env.BENCH_VISITORS ?? 200);
const RATE = Number(process.env.BENCH_RATE ?? 1000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 5000);
const SHOP = 'http://shop.bench';
// e.g. BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles Parley (written on its graceful exit).
const SERVER_NODE_ARGS = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);

interface Target {
  name: string;
  url: string;
  pid: number;
  visitorAuth: () => Promise<Record<string, string>>;
  agentAuth: Record<string, string>;
  stop: () => void;
}

interface Result {
  ack: number[];
  delivery: number[];
  sent: number;
  acked: number;
  seconds: number;
  rssAtLoadMb: number;
  cpuPerMessageMs: number;
  /** The whole machine per message: server, load generator, PostgreSQL (Parley only), the kernel. */
  machineCpuPerMessageMs: number;
  /** The load generator (this process) per message. */
  clientCpuPerMessageMs: number;
  postgresCpuPerMessageMs: number;
  connections: number;
  peakRssMb: number;
}

const percentile = (xs: number[], p: number) => {
  if (xs.length === 0) return NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};
const rssMb = (pid: number) => {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
};
/** CPU time (user + system) the process has used so far, in ms. */
const cpuMs = (pid: number) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // clock ticks (USER_HZ = 100)
};
/** CPU time every process on the machine has used so far, in ms (first line of /proc/stat, minus idle and iowait). */
const machineCpuMs = () => {
  const [, ...ticks] = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').split(/\s+/).filter(Boolean).map(Number);
  const busy = ticks.reduce((a, b) => a + b, 0) - (ticks[3] ?? 0) - (ticks[4] ?? 0);
  return (busy * 1000) / 100;
};
/** CPU time of every PostgreSQL process on the machine (the bench's own server: backends, WAL writer, autovacuum), in ms. */
const postgresCpuMs = () =>
  readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .reduce((sum, pid) => {
      try {
        return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres' ? sum + cpuMs(Number(pid)) : sum;
      } catch {
        return sum; // the process ended meanwhile
      }
    }, 0);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function connect(url: string, nsp: string, auth: Record<string, string>): Promise<Socket> {
  const s = io(`${url}${nsp}`, { auth, extraHeaders: { origin: SHOP }, transports: ['websocket'], reconnection: false, forceNew: true });
  return new Promise((resolve, reject) => {
    s.once('connect', () => resolve(s));
    s.once('connect_error', reject);
  });
}

async function startEcho(): Promise<Target> {
  const { child, match } = await startNodeUntil(['--import', 'tsx', fileURLToPath(new URL('./echo-server.ts', import.meta.url)), '0'], process.env, /echo listening (\d+)/);
  const port = match[1] ?? '';
  return {
    name: 'echo',
    url: `http://127.0.0.1:${port}`,
    pid: child.pid ?? 0,
    visitorAuth: async () => ({}),
    agentAuth: {},
    stop: () => child.kill('SIGKILL'),
  };
}

async function startParley(databaseUrl: string): Promise<Target> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env = {
    PATH: process.env.PATH ?? '',
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_MAX: '20',
    PORT: String(port),
    PUBLIC_URL: url,
    SECRET_KEY: 'bench-secret-bench-secret-bench-secret-0123',
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
    VISITOR_MESSAGE_LIMIT: '1000000',
    IP_MESSAGE_LIMIT: '1000000',
    COUNT_QUERIES: process.env.COUNT_QUERIES ?? '',
  };
  await runNode([PARLEY_BIN, 'admin', 'create', '--email', 'bench@example.test', '--password', 'bench-password'], env);
  const { child } = await startNodeUntil([...SERVER_NODE_ARGS, PARLEY_BIN, 'start'], env, /Dashboard:/);
  // The server's warnings and errors, for when a run goes wrong.
  const log = createWriteStream(process.env.BENCH_SERVER_LOG ?? '/tmp/parley-bench-server.log');
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const headers = await signInOverHttp(url, 'bench@example.test', 'bench-password');
  const bot = Bot.parse(await (await fetch(`${url}/api/v1/bots`, { method: 'POST', headers, body: JSON.stringify({ name: 'bench', allowedOrigins: [SHOP] }) })).json());
  const key = CreatedApiKey.parse(await (await fetch(`${url}/api/v1/api-keys`, { method: 'POST', headers, body: JSON.stringify({ name: 'bench', role: 'agent' }) })).json());
  return {
    name: 'parley',
    url,
    pid: child.pid ?? 0,
    visitorAuth: async () => {
      const r = WidgetResolve.parse(await (await fetch(`${url}/widget/v1/bots/${bot.id}/resolve`, { headers: { origin: SHOP } })).json());
      return { botId: bot.id, visitorToken: r.visitorToken };
    },
    agentAuth: { apiKey: key.key },
    stop: () => child.kill('SIGTERM'),
  };
}

async function measure(target: Target): Promise<Result> {
  const agent = await connect(target.url, '/agent', target.agentAuth);
  const visitors: Socket[] = [];
  for (let i = 0; i < VISITORS; i++) visitors.push(await connect(target.url, '/visitor', await target.visitorAuth()));

  const sentAt = new Map<string, number>();
  const ack: number[] = [];
  const delivery: number[] = [];
  agent.on('message.created', (m: { clientId?: string | null }) => {
    const t0 = m.clientId ? sentAt.get(m.clientId) : undefined;
    if (t0 !== undefined) delivery.push(performance.now() - t0);
  });

  // Warm up: every visitor opens its conversation (a first message takes the slower
  // create-conversation path) and the JIT settles. Then a fixed-rate schedule (open loop: a slow server does not slow the senders).
  await Promise.all(
    visitors.map((socket, i) => socket.timeout(30_000).emitWithAck('message.send', { clientId: `warm${target.name}${i}`, body: 'hello' }).catch(() => undefined)),
  );
  await sleep(3_000); // the bot's first-of-session replies to the warm-up messages
  let sent = 0;
  let acked = 0;
  let failures = 0;
  const total = RATE * SECONDS;
  const started = performance.now();
  const cpuBefore = cpuMs(target.pid);
  const machineBefore = machineCpuMs();
  const clientBefore = process.cpuUsage();
  const postgresBefore = postgresCpuMs();
  const rssSamples: number[] = [];
  const sampler = setInterval(() => rssSamples.push(rssMb(target.pid)), 250);
  await new Promise<void>((done) => {
    const tick = setInterval(() => {
      const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * RATE));
      for (; sent < due; sent++) {
        const clientId = `b${target.name}${sent.toString(36).padStart(8, '0')}`;
        const socket = visitors[sent % visitors.length];
        const t0 = performance.now();
        sentAt.set(clientId, t0);
        socket?.timeout(10_000).emit('message.send', { clientId, body: `benchmark message ${sent}` }, (err: unknown, response: unknown) => {
          // Only an ok ack counts: an error ack is a failed send, not a fast one.
          if (!err && typeof response === 'object' && response !== null && 'ok' in response && response.ok === true) {
            acked++;
            ack.push(performance.now() - t0);
          } else if (failures++ === 0) {
            console.error(`${target.name}: first failed send:`, err ?? JSON.stringify(response));
          }
        });
      }
      if (sent >= total) {
        clearInterval(tick);
        done();
      }
    }, 5);
  });
  const deadline = performance.now() + 15_000;
  while ((acked < total || delivery.length < total) && performance.now() < deadline) await sleep(50);
  const seconds = (performance.now() - started) / 1000;
  const cpuPerMessageMs = (cpuMs(target.pid) - cpuBefore) / Math.max(1, acked);
  const machineCpuPerMessageMs = (machineCpuMs() - machineBefore) / Math.max(1, acked);
  const client = process.cpuUsage(clientBefore);
  const postgresCpuPerMessageMs = (postgresCpuMs() - postgresBefore) / Math.max(1, acked);
  const clientCpuPerMessageMs = (client.user + client.system) / 1000 / Math.max(1, acked);
  clearInterval(sampler);
  const rssAtLoadMb = Math.max(...rssSamples);
  for (const v of visitors) v.disconnect();
  agent.disconnect();

  // Connection capacity: open CONNECTIONS visitor sockets, in batches, and read peak RSS.
  const many: Socket[] = [];
  let peakRssMb = rssMb(target.pid);
  for (let i = 0; i < CONNECTIONS; i += 250) {
    const batch = await Promise.all(Array.from({ length: Math.min(250, CONNECTIONS - i) }, async () => connect(target.url, '/visitor', await target.visitorAuth()).catch(() => undefined)));
    for (const s of batch) if (s) many.push(s);
    peakRssMb = Math.max(peakRssMb, rssMb(target.pid));
  }
  await sleep(1_000);
  peakRssMb = Math.max(peakRssMb, rssMb(target.pid));
  const connections = many.filter((s) => s.connected).length;
  for (const s of many) s.disconnect();
  return { ack, delivery, sent, acked, seconds, rssAtLoadMb, cpuPerMessageMs, machineCpuPerMessageMs, clientCpuPerMessageMs, postgresCpuPerMessageMs, connections, peakRssMb };
}

const fmt = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : 'n/a');

async function main(): Promise<void> {
  console.log(`bench:realtime — ${VISITORS} visitors, ${RATE} msg/s for ${SECONDS} s, then ${CONNECTIONS} concurrent visitor connections (127.0.0.1, ${process.platform}, node ${process.version})`);
  const pg = await startPostgres();
  const results: Array<[string, Result]> = [];
  try {
    for (const make of [startEcho, () => startParley(process.env.BENCH_PG_TCP ? pg.url : pg.socketUrl)]) {
      const target = await make();
      try {
        results.push([target.name, await measure(target)]);
      } finally {
        target.stop();
      }
    }
  } finally {
    await pg.stop();
  }
  const rows = results.map(([name, r]) => ({
    server: name,
    'ack p50 ms': fmt(percentile(r.ack, 50)),
    'ack p99 ms': fmt(percentile(r.ack, 99)),
    'deliver p50 ms': fmt(percentile(r.delivery, 50)),
    'deliver p99 ms': fmt(percentile(r.delivery, 99)),
    'msg/s': fmt(r.acked / r.seconds),
    'acked/sent': `${r.acked}/${r.sent}`,
    'server CPU ms/msg': r.cpuPerMessageMs.toFixed(2),
    'bench CPU ms/msg': r.clientCpuPerMessageMs.toFixed(2),
    'postgres CPU ms/msg': r.postgresCpuPerMessageMs.toFixed(2),
    'machine CPU ms/msg': r.machineCpuPerMessageMs.toFixed(2),
    'RSS under load MB': fmt(r.rssAtLoadMb),
    connections: r.connections,
    'peak RSS MB': fmt(r.peakRssMb),
  }));
  console.table(rows);
  const echo = results.find(([n]) => n === 'echo')?.[1];
  const parley = results.find(([n]) => n === 'parley')?.[1];
  if (echo && parley) {
    const ratio = percentile(parley.delivery, 99) / percentile(echo.delivery, 99);
    const ackRatio = percentile(parley.ack, 99) / percentile(echo.ack, 99);
    console.log(`ratio parley/echo: delivery p99 ${fmt(ratio)}×, ack p99 ${fmt(ackRatio)}× (goal ≤ 2×)`);
    console.log(`parley: ${parley.connections} visitor connections at ${fmt(parley.peakRssMb)} MB peak RSS (goal: 5,000 under 1,024 MB)`);
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
