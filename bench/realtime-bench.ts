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
// Rounds: the load phase runs R times per server, short and alternating echo, echo+pg and Parley,
// so a noisy neighbour on a shared host slows every side of a round alike. Steal (time the
// hypervisor gave this machine's CPUs to someone else) is read per phase: a round with high steal
// measured the host, not the code. The summary pools each server's samples over all rounds and,
// apart, over the quiet rounds (steal at most BENCH_QUIET_STEAL % in each of its phases), and gives
// the median of the per-round ratios too.
//
// Options (env): BENCH_VISITORS=200 BENCH_RATE=1000 BENCH_SECONDS=2 BENCH_WARMUP=20 BENCH_ROUNDS=15 BENCH_QUIET_STEAL=5 BENCH_CONNECTIONS=5000 BENCH_SERVER_NODE_ARGS=
import { createWriteStream, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { io, type Socket } from 'socket.io-client';
import { Bot, CreatedApiKey, WidgetResolve } from '@parley/contracts';
import { startPostgres } from '../apps/server/src/test/postgres-server.js';
import { freePort } from '../apps/server/src/test/free-port.js';
import { PARLEY_BIN, PARLEY_NODE_FLAGS, runNode, signInOverHttp, startNodeUntil, stopChild } from '../apps/server/src/test/parley-process.js';

const VISITORS = Number(process.env.BENCH_VISITORS ?? 200);
const RATE = Number(process.env.BENCH_RATE ?? 1000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 20);
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 15));
const QUIET_STEAL = Number(process.env.BENCH_QUIET_STEAL ?? 5);
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
  // create-conversation path), then WARMUP seconds at the full rate, as a server that has been
  // running for a while is. Parley started cold (measured with --cpu-prof) used 0.9 s of CPU per
  // second of load in its first 4 s, 0.3 s after 6 s and 0.24 s from about 12 s on, while the JIT
  // optimized its hot path: with the old 3 s warm-up, the first rounds measured that. Each server
  // gets the same warm-up.
  await Promise.all(
    visitors.map((socket, i) => socket.timeout(30_000).emitWithAck('message.send', { clientId: `warm${target.name}${i}`, body: 'hello' }).catch(() => undefined)),
  );
  await sleep(3_000); // the bot's first-of-session replies to the warm-up messages
  await load(session, 'warm', WARMUP);
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

/** One round: a load phase of each server, back to back. */
interface Round {
  echo: Result;
  echoPg: Result;
  parley: Result;
}
const p99 = (xs: number[]) => percentile(xs, 99);
const maxSteal = (r: Round) => Math.max(r.echo.stealPercent, r.echoPg.stealPercent, r.parley.stealPercent);
const isQuiet = (r: Round) => maxSteal(r) <= QUIET_STEAL;
const ratiosOf = (r: Round) => ({
  'parley/echo': p99(r.parley.ack) / p99(r.echo.ack),
  'echo+pg/echo': p99(r.echoPg.ack) / p99(r.echo.ack),
  'parley/echo+pg': p99(r.parley.ack) / p99(r.echoPg.ack),
  'delivery parley/echo': p99(r.parley.delivery) / p99(r.echo.delivery),
});
type Ratios = ReturnType<typeof ratiosOf>;

/** Several load phases of one server as one: every sample; CPU per message and steal weighted by their share. */
function pool(rs: Result[]): Result {
  const acked = rs.reduce((n, r) => n + r.acked, 0);
  const seconds = rs.reduce((n, r) => n + r.seconds, 0);
  const perMessage = (f: (r: Result) => number) => rs.reduce((n, r) => n + f(r) * r.acked, 0) / Math.max(1, acked);
  return {
    ack: rs.flatMap((r) => r.ack),
    delivery: rs.flatMap((r) => r.delivery),
    sent: rs.reduce((n, r) => n + r.sent, 0),
    acked,
    seconds,
    rssAtLoadMb: Math.max(...rs.map((r) => r.rssAtLoadMb)),
    cpuPerMessageMs: perMessage((r) => r.cpuPerMessageMs),
    machineCpuPerMessageMs: perMessage((r) => r.machineCpuPerMessageMs),
    clientCpuPerMessageMs: perMessage((r) => r.clientCpuPerMessageMs),
    postgresCpuPerMessageMs: perMessage((r) => r.postgresCpuPerMessageMs),
    stealPercent: rs.reduce((n, r) => n + r.stealPercent * r.seconds, 0) / Math.max(1e-9, seconds),
  };
}

async function main(): Promise<void> {
  console.log(
    `bench:realtime — ${VISITORS} visitors, ${RATE} msg/s for ${SECONDS} s per phase, ${ROUNDS} rounds alternating echo, echo+pg and Parley, then ${CONNECTIONS} concurrent visitor connections (127.0.0.1, ${process.platform}, node ${process.version})`,
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
    const rounds: Round[] = [];
    // Each phase starts with half a second at the full rate, unmeasured: a server idle while the
    // others were measured reaches its steady state again.
    const measure = async (session: Session, r: number) => {
      await load(session, `w${r}`, 0.5);
      return load(session, `r${r}`, SECONDS);
    };
    for (let r = 1; r <= ROUNDS; r++) {
      const echo = await measure(echoSession, r);
      const echoPg = await measure(echoPgSession, r);
      const parley = await measure(parleySession, r);
      rounds.push({ echo, echoPg, parley });
    }
    // echo+pg holds as many sockets as echo (the same Socket.IO server): its capacity is not measured.
    await echoPgSession.target.stop();
    const capacities: Array<[string, { connections: number; peakRssMb: number }]> = [];
    for (const session of [echoSession, parleySession]) capacities.push([session.target.name, await capacity(session)]);

    const quiet = rounds.filter(isQuiet);
    console.log(`each round: ack p99 (ms) per server and the ratios; quiet = steal at most ${QUIET_STEAL} % in each phase`);
    console.table(
      rounds.map((round, i) => ({
        round: i + 1,
        'steal % (max)': fmt(maxSteal(round)),
        quiet: isQuiet(round) ? 'yes' : 'no',
        echo: fmt(p99(round.echo.ack)),
        'echo+pg': fmt(p99(round.echoPg.ack)),
        parley: fmt(p99(round.parley.ack)),
        ...Object.fromEntries(Object.entries(ratiosOf(round)).map(([k, v]) => [k, `${fmt(v)}×`])),
      })),
    );
    const pooledRows = (label: string, rs: Round[]) =>
      rs.length === 0 ? [] : [row('echo', label, pool(rs.map((r) => r.echo))), row('echo+pg', label, pool(rs.map((r) => r.echoPg))), row('parley', label, pool(rs.map((r) => r.parley)))];
    console.log('every sample of a server, pooled over all rounds and over the quiet ones');
    console.table([...pooledRows(`all ${rounds.length}`, rounds), ...pooledRows(`quiet ${quiet.length}`, quiet)]);
    console.table(capacities.map(([server, c]) => ({ server, connections: c.connections, 'peak RSS MB': fmt(c.peakRssMb) })));
    const summary = (label: string, rs: Round[]) => {
      if (rs.length === 0) return console.log(`${label}: no round`);
      const r = ratiosOf({ echo: pool(rs.map((x) => x.echo)), echoPg: pool(rs.map((x) => x.echoPg)), parley: pool(rs.map((x) => x.parley)) });
      const per = rs.map(ratiosOf);
      const med = (k: keyof Ratios) => fmt(median(per.map((x) => x[k])));
      console.log(
        `${label}: parley/echo ack p99 ${fmt(r['parley/echo'])}× pooled, ${med('parley/echo')}× median of rounds (goal ≤ 2×); delivery p99 ${fmt(r['delivery parley/echo'])}×; ` +
          `echo+pg/echo ${fmt(r['echo+pg/echo'])}×; parley/echo+pg ${fmt(r['parley/echo+pg'])}×`,
      );
    };
    summary(`all ${rounds.length} rounds`, rounds);
    summary(`quiet ${quiet.length} rounds (steal ≤ ${QUIET_STEAL} %)`, quiet);
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
