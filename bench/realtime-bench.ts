// npm run bench:realtime — Parley against a bare Socket.IO echo server, same load, side by side.
// A second baseline, echo+pg, is the echo server that stores each message in the same PostgreSQL before
// it acks (one INSERT): the least any server that persists before acknowledging can do. Parley/echo
// is the goal's ratio; echo+pg/echo is what one database round trip costs on this machine, and
// Parley/echo+pg what Parley adds to it.
//
// For each server: N visitors send messages at an aggregate rate for D seconds; one agent
// socket listens. We time visitor→ack (the message is stored before Parley acks it) and
// visitor→agent delivery. Then C visitor connections are opened at once and the server's
// peak RSS is read from /proc. Everything runs on 127.0.0.1 and stops by itself. CPU per message is
// printed for the server, the load generator, PostgreSQL and the whole machine: on a small machine
// they share the cores, and the latency tail follows the machine's total load.
//
// Rounds: the load phase runs R times per server, alternating echo and Parley, so a noisy
// neighbour on a shared host slows both sides of a round alike. Each round prints its own ratio,
// and the summary gives the median of them. Steal (time the hypervisor gave this machine's CPUs
// to someone else) is printed per round: a round with high steal measured the host, not the code.
//
// Options (env): BENCH_VISITORS=200 BENCH_RATE=1000 BENCH_SECONDS=10 BENCH_ROUNDS=3 BENCH_CONNECTIONS=5000 BENCH_SERVER_NODE_ARGS=
import { createWriteStream, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { io, type Socket } from 'socket.io-client';
import { Bot, CreatedApiKey, WidgetResolve } from '@parley/contracts';
import { startPostgres } from '../apps/server/src/test/postgres-server.js';
import { freePort } from '../apps/server/src/test/free-port.js';
import { PARLEY_BIN, PARLEY_NODE_FLAGS, runNode, signInOverHttp, startNodeUntil, stopChild } from '../apps/server/src/test/parley-process.js';

const VISITORS = Number(process.env.BENCH_VISITORS ?? 200);
const RATE = Number(process.env.BENCH_RATE ?? 1000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));
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
  /** Stops the server and waits for it to exit (Parley's graceful stop still writes to PostgreSQL). */
  stop: () => Promise<void>;
}

/** One load phase of one server. */
interface Result {
  ack: number[];
  delivery: number[];
  sent: number;
  acked: number;
  seconds: number;
  rssAtLoadMb: number;
  cpuPerMessageMs: number;
  /** The whole machine per message: server, load generator, PostgreSQL (Parley only), the kernel; not steal. */
  machineCpuPerMessageMs: number;
  /** The load generator (this process) per message. */
  clientCpuPerMessageMs: number;
  postgresCpuPerMessageMs: number;
  /** Share of the machine's CPU time the hypervisor took away during the phase (%). */
  stealPercent: number;
}

/** A server with its visitors connected and warmed up. */
interface Session {
  target: Target;
  agent: Socket;
  visitors: Socket[];
  sentAt: Map<string, number>;
  delivery: number[];
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
/**
 * The machine's CPU time so far, in ms, from the first line of /proc/stat (user nice system idle
 * iowait irq softirq steal guest guest_nice): `busy` is what this machine ran (guest time is
 * already inside user), `steal` what the hypervisor gave to others while this machine wanted it.
 */
const machineCpu = () => {
  const [, ...ticks] = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').split(/\s+/).filter(Boolean).map(Number);
  const t = (i: number) => ticks[i] ?? 0;
  const busy = t(0) + t(1) + t(2) + t(5) + t(6);
  return { busyMs: (busy * 1000) / 100, stealMs: (t(7) * 1000) / 100, totalMs: ((busy + t(3) + t(4) + t(7)) * 1000) / 100 };
};
/** CPU time (ms) of each PostgreSQL process on the machine (the bench's own server: backends, WAL writer, autovacuum). */
const postgresCpu = () => {
  const byPid = new Map<number, number>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (readFileSync(`/proc/${d}/comm`, 'utf8').trim() === 'postgres') byPid.set(Number(d), cpuMs(Number(d)));
    } catch {
      // the process ended meanwhile
    }
  }
  return byPid;
};
/** PostgreSQL CPU used since `before`: processes that started meanwhile count from zero (one that ended is lost, never negative). */
const postgresCpuSince = (before: Map<number, number>) => [...postgresCpu()].reduce((sum, [pid, ms]) => sum + ms - (before.get(pid) ?? 0), 0);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function connect(url: string, nsp: string, auth: Record<string, string>): Promise<Socket> {
  const s = io(`${url}${nsp}`, { auth, extraHeaders: { origin: SHOP }, transports: ['websocket'], reconnection: false, forceNew: true });
  return new Promise((resolve, reject) => {
    s.once('connect', () => resolve(s));
    s.once('connect_error', reject);
  });
}

/** A baseline server (echo-server.ts): echo, or echo+pg when given a database. */
async function startEcho(name: string, databaseUrl?: string): Promise<Target> {
  // An empty DATABASE_URL: plain echo stores nothing, even when the caller's environment names a database.
  const env = { ...process.env, DATABASE_URL: databaseUrl ?? '' };
  const { child, match } = await startNodeUntil(['--import', 'tsx', fileURLToPath(new URL('./echo-server.ts', import.meta.url)), '0'], env, /echo listening (\d+)/);
  const port = match[1] ?? '';
  return {
    name,
    url: `http://127.0.0.1:${port}`,
    pid: child.pid ?? 0,
    visitorAuth: async () => ({}),
    agentAuth: {},
    stop: () => stopChild(child),
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
  };
  await runNode([PARLEY_BIN, 'admin', 'create', '--email', 'bench@example.test', '--password', 'bench-password'], env);
  // Started as `npx parley start` starts it: with the Node flags of the binary's shebang.
  const { child } = await startNodeUntil([...PARLEY_NODE_FLAGS, ...SERVER_NODE_ARGS, PARLEY_BIN, 'start'], env, /Dashboard:/);
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
    stop: () => stopChild(child),
  };
}

async function open(target: Target): Promise<Session> {
  const agent = await connect(target.url, '/agent', target.agentAuth);
  const visitors: Socket[] = [];
  for (let i = 0; i < VISITORS; i++) visitors.push(await connect(target.url, '/visitor', await target.visitorAuth()));
  const session: Session = { target, agent, visitors, sentAt: new Map(), delivery: [] };
  agent.on('message.created', (m: { clientId?: string | null }) => {
    const t0 = m.clientId ? session.sentAt.get(m.clientId) : undefined;
    if (t0 !== undefined) session.delivery.push(performance.now() - t0);
  });
  // Warm up: every visitor opens its conversation (a first message takes the slower
  // create-conversation path), then a few seconds at the full rate let the JIT settle.
  await Promise.all(
    visitors.map((socket, i) => socket.timeout(30_000).emitWithAck('message.send', { clientId: `warm${target.name}${i}`, body: 'hello' }).catch(() => undefined)),
  );
  await sleep(3_000); // the bot's first-of-session replies to the warm-up messages
  await load(session, 'warm', 3);
  return session;
}

/** One open-loop load phase: RATE msg/s for `seconds` (a slow server does not slow the senders). */
async function load(session: Session, label: string, seconds: number): Promise<Result> {
  const { target, visitors, sentAt } = session;
  session.delivery = [];
  sentAt.clear();
  let sent = 0;
  let acked = 0;
  let failures = 0;
  const ack: number[] = [];
  const total = RATE * seconds;
  const started = performance.now();
  const cpuBefore = cpuMs(target.pid);
  const machineBefore = machineCpu();
  const clientBefore = process.cpuUsage();
  const postgresBefore = postgresCpu();
  const rssSamples: number[] = [];
  const sampler = setInterval(() => rssSamples.push(rssMb(target.pid)), 250);
  await new Promise<void>((done) => {
    const tick = setInterval(() => {
      const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * RATE));
      for (; sent < due; sent++) {
        const clientId = `b${target.name}${label}${sent.toString(36).padStart(8, '0')}`;
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
  while ((acked < total || session.delivery.length < total) && performance.now() < deadline) await sleep(50);
  const elapsed = (performance.now() - started) / 1000;
  const perMessage = (ms: number) => ms / Math.max(1, acked);
  const machine = machineCpu();
  const client = process.cpuUsage(clientBefore);
  clearInterval(sampler);
  return {
    ack,
    delivery: session.delivery,
    sent,
    acked,
    seconds: elapsed,
    rssAtLoadMb: Math.max(...rssSamples),
    cpuPerMessageMs: perMessage(cpuMs(target.pid) - cpuBefore),
    machineCpuPerMessageMs: perMessage(machine.busyMs - machineBefore.busyMs),
    clientCpuPerMessageMs: perMessage((client.user + client.system) / 1000),
    postgresCpuPerMessageMs: perMessage(postgresCpuSince(postgresBefore)),
    stealPercent: (100 * (machine.stealMs - machineBefore.stealMs)) / Math.max(1, machine.totalMs - machineBefore.totalMs),
  };
}

/** Connection capacity: opens CONNECTIONS visitor sockets, in batches, and reads the server's peak RSS. */
async function capacity(session: Session): Promise<{ connections: number; peakRssMb: number }> {
  const { target } = session;
  for (const v of session.visitors) v.disconnect();
  session.agent.disconnect();
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
  return { connections, peakRssMb };
}

const fmt = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : 'n/a');

const median = (xs: number[]) => percentile(xs, 50);
const row = (name: string, round: string, r: Result) => ({
  round,
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
  'steal %': fmt(r.stealPercent),
  'RSS under load MB': fmt(r.rssAtLoadMb),
});

async function main(): Promise<void> {
  console.log(
    `bench:realtime — ${VISITORS} visitors, ${RATE} msg/s for ${SECONDS} s, ${ROUNDS} rounds alternating echo, echo+pg and Parley, then ${CONNECTIONS} concurrent visitor connections (127.0.0.1, ${process.platform}, node ${process.version})`,
  );
  const pg = await startPostgres();
  const targets: Target[] = [];
  try {
    const databaseUrl = process.env.BENCH_PG_TCP ? pg.url : pg.socketUrl;
    targets.push(await startEcho('echo'));
    targets.push(await startEcho('echo+pg', databaseUrl));
    targets.push(await startParley(databaseUrl));
    const sessions: Session[] = [];
    for (const target of targets) sessions.push(await open(target));
    const [echoSession, echoPgSession, parleySession] = sessions;
    if (!echoSession || !echoPgSession || !parleySession) throw new Error('a server did not start');
    const rounds: Array<{ echo: Result; echoPg: Result; parley: Result }> = [];
    const rows: Array<ReturnType<typeof row>> = [];
    // Each phase starts with one unmeasured second at the full rate: a server idle while the
    // others were measured (its database pool closed idle connections) reaches its steady state.
    const measure = async (session: Session, r: number) => {
      await load(session, `w${r}`, 1);
      return load(session, `r${r}`, SECONDS);
    };
    for (let r = 1; r <= ROUNDS; r++) {
      const echo = await measure(echoSession, r);
      const echoPg = await measure(echoPgSession, r);
      const parley = await measure(parleySession, r);
      rounds.push({ echo, echoPg, parley });
      rows.push(row('echo', String(r), echo), row('echo+pg', String(r), echoPg), row('parley', String(r), parley));
    }
    // echo+pg holds as many sockets as echo (the same Socket.IO server): its capacity is not measured.
    await echoPgSession.target.stop();
    const capacities: Array<[string, { connections: number; peakRssMb: number }]> = [];
    for (const session of [echoSession, parleySession]) capacities.push([session.target.name, await capacity(session)]);
    console.table(rows);
    console.table(capacities.map(([server, c]) => ({ server, connections: c.connections, 'peak RSS MB': fmt(c.peakRssMb) })));
    const p99 = (xs: number[]) => percentile(xs, 99);
    const ratios = rounds.map(({ echo, echoPg, parley }) => ({
      ack: p99(parley.ack) / p99(echo.ack),
      delivery: p99(parley.delivery) / p99(echo.delivery),
      echoPgAck: p99(echoPg.ack) / p99(echo.ack),
      parleyOverEchoPgAck: p99(parley.ack) / p99(echoPg.ack),
      steal: Math.max(echo.stealPercent, echoPg.stealPercent, parley.stealPercent),
    }));
    for (const [i, r] of ratios.entries()) {
      console.log(
        `round ${i + 1}: ratio parley/echo p99 ack ${fmt(r.ack)}×, delivery ${fmt(r.delivery)}×; echo+pg/echo ack ${fmt(r.echoPgAck)}×; parley/echo+pg ack ${fmt(r.parleyOverEchoPgAck)}× (steal up to ${fmt(r.steal)} %)`,
      );
    }
    const medianOf = (f: (r: (typeof ratios)[number]) => number) => fmt(median(ratios.map(f)));
    console.log(`ratio parley/echo, median of ${ROUNDS} rounds: delivery p99 ${medianOf((r) => r.delivery)}×, ack p99 ${medianOf((r) => r.ack)}× (goal ≤ 2×)`);
    console.log(
      `baseline echo+pg (stores each message before its ack), median: echo+pg/echo ack p99 ${medianOf((r) => r.echoPgAck)}×; parley/echo+pg ack p99 ${medianOf((r) => r.parleyOverEchoPgAck)}×`,
    );
    const parleyCapacity = capacities.find(([n]) => n === 'parley')?.[1];
    if (parleyCapacity) console.log(`parley: ${parleyCapacity.connections} visitor connections at ${fmt(parleyCapacity.peakRssMb)} MB peak RSS (goal: 5,000 under 1,024 MB)`);
  } finally {
    // Servers first: PostgreSQL stays up until each has exited.
    await Promise.all(targets.map((target) => target.stop()));
    await pg.stop();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
