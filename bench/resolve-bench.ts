// npm run bench:resolve — Parley's resolve endpoint against a bare node:http server, side by side.
//
// Parley runs as a real process (on a throwaway PostgreSQL) with one bot and a published
// release. Autocannon then asks resolve for 10,000 distinct visitors (each request carries
// one of 10,000 signed visitor tokens, round robin) with the serving plan warm in cache.
// The baseline is a bare node:http server (its own process) answering a fixed JSON body of the same size.
// Everything runs on 127.0.0.1 and stops by itself.
//
// With two or more cores and `taskset`, the load generator (this process) runs on core 0 and the server
// under test (bare or Parley) on core 1, so neither measures the other's CPU use (BENCH_PIN=0: no pinning).
//
// Options (env): BENCH_CONNECTIONS=50 BENCH_SECONDS=10 BENCH_VISITORS=10000 BENCH_ROUNDS=3 BENCH_PIN=1
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { Bot, Release, WidgetResolve } from '@parley/contracts';
import { freePort } from '../apps/server/src/test/free-port.js';
import { startPostgres } from '../apps/server/src/test/postgres-server.js';
import { PARLEY_BIN, runNode, signInOverHttp, startNodeUntil, stopChild } from '../apps/server/src/test/parley-process.js';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const VISITORS = Number(process.env.BENCH_VISITORS ?? 10_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SHOP = 'http://shop.bench';
const PIN = process.env.BENCH_PIN !== '0' && availableParallelism() >= 2 && existsSync('/usr/bin/taskset');

/** Pins a process (all its threads) to one core. */
function pin(pid: number | undefined, core: number): void {
  if (PIN && pid !== undefined) execFileSync('/usr/bin/taskset', ['-a', '-p', '-c', String(core), String(pid)], { stdio: 'ignore' });
}

interface Figures {
  name: string;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  /** The server's CPU time (user + system, from /proc) per answered request. */
  cpuUsPerRequest: number;
}

/** CPU time (user + system) a process has used so far, in ms. */
const cpuMs = (pid: number | undefined): number => {
  if (pid === undefined || !existsSync(`/proc/${pid}/stat`)) return Number.NaN;
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // clock ticks (USER_HZ = 100)
};

async function load(name: string, url: string, pid: number | undefined, paths: string[], amount?: number): Promise<Figures> {
  let i = 0;
  const cpuBefore = cpuMs(pid);
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    ...(amount === undefined ? { duration: SECONDS } : { amount }),
    headers: { origin: SHOP },
    requests: [
      {
        setupRequest: (req) => {
          const path = paths[i++ % paths.length] ?? '/';
          return { ...req, path };
        },
      },
    ],
  });
  return {
    name,
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
    cpuUsPerRequest: ((cpuMs(pid) - cpuBefore) * 1000) / Math.max(1, result.requests.total),
  };
}

/** The baseline in its own process (as Parley is), so it does not share the load generator's thread. */
async function startBare(body: string): Promise<{ url: string; pid: number | undefined; close: () => void }> {
  const script = `
    const body = ${JSON.stringify(body)};
    const server = require('node:http').createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
    server.listen(0, '127.0.0.1', () => console.log('bare listening ' + server.address().port));`;
  const { child, match } = await startNodeUntil(['-e', script], { PATH: process.env.PATH ?? '' }, /bare listening (\d+)/);
  pin(child.pid, 1);
  return { url: `http://127.0.0.1:${match[1] ?? ''}`, pid: child.pid, close: () => child.kill('SIGKILL') };
}

async function main(): Promise<void> {
  console.log(
    `bench:resolve — ${VISITORS} visitors, ${CONNECTIONS} connections, ${SECONDS} s per server (127.0.0.1, node ${process.version}; ${PIN ? 'load generator on core 0, server on core 1' : 'no core pinning'})`,
  );
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-bench-resolve-'));
  const pg = await startPostgres();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env = {
    PATH: process.env.PATH ?? '',
    PARLEY_DATA_DIR: dataDir,
    DATABASE_URL: pg.socketUrl,
    PORT: String(port),
    PUBLIC_URL: url,
    SECRET_KEY: 'bench-secret-bench-secret-bench-secret-0123',
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
    GEOIP: 'false',
  };
  await runNode([PARLEY_BIN, 'admin', 'create', '--email', 'bench@example.test', '--password', 'bench-password'], env);
  const { child } = await startNodeUntil([...(process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean), PARLEY_BIN, 'start'], env, /Dashboard:/);
  try {
    const headers = await signInOverHttp(url, 'bench@example.test', 'bench-password');
    const post = async (path: string, body: unknown) => {
      const res = await fetch(`${url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
      if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      return res.json();
    };
    const bot = Bot.parse(await post('/api/v1/bots', { name: 'bench', allowedOrigins: [SHOP] }));
    const release = Release.parse(await post(`/api/v1/bots/${bot.id}/releases`, { semver: '1.0.0', config: { greeting: 'Hello from the bench' } }));
    await post(`/api/v1/bots/${bot.id}/releases/${release.id}/publish`, {});

    // 10,000 visitors: each gets its signed token from resolve once, as a real widget would.
    const paths: string[] = [];
    let sample = '';
    for (let i = 0; i < VISITORS; i++) {
      const res = await fetch(`${url}/widget/v1/bots/${bot.id}/resolve`, { headers: { origin: SHOP } });
      sample = await res.text();
      const r = WidgetResolve.parse(JSON.parse(sample));
      if (r.release?.id !== release.id) throw new Error('resolve did not serve the published release');
      paths.push(`/widget/v1/bots/${bot.id}/resolve?vt=${encodeURIComponent(r.visitorToken)}`);
    }

    pin(process.pid, 0);
    pin(child.pid, 1);
    const bare = await startBare(sample);
    const rounds: { base: Figures; parley: Figures }[] = [];
    try {
      // Warm: one pass over every visitor (each one's unread count is then cached, as after a first page view).
      const warm = await load('warm-up', url, child.pid, paths, paths.length);
      console.log(`warm-up: ${paths.length} visitors at ${warm.requestsPerSecond.toFixed(0)} req/s (p99 ${warm.p99.toFixed(1)} ms)`);
      // Rounds alternate bare and Parley, so drift on a shared machine hits both alike; the median round counts.
      for (let round = 1; round <= ROUNDS; round++) {
        // The same requests (paths with tokens) as Parley gets, so the load generator does the same work.
        const base = await load(`bare node:http #${round}`, bare.url, bare.pid, paths);
        const parley = await load(`parley resolve #${round}`, url, child.pid, paths);
        rounds.push({ base, parley });
      }
    } finally {
      bare.close();
    }
    console.table(
      rounds.flatMap(({ base, parley }) => [base, parley]).map((r) => ({
        server: r.name,
        'req/s': r.requestsPerSecond.toFixed(0),
        'p50 ms': r.p50.toFixed(1),
        'p99 ms': r.p99.toFixed(1),
        'server CPU µs/req': r.cpuUsPerRequest.toFixed(1),
        errors: r.errors,
        non2xx: r.non2xx,
      })),
    );
    const ratios = rounds.map(({ base, parley }) => ({
      rps: parley.requestsPerSecond / base.requestsPerSecond,
      p99: parley.p99 / Math.max(base.p99, 0.001),
    }));
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
    console.log(`ratio parley/bare per round: ${ratios.map((r) => `${r.rps.toFixed(2)}×`).join(', ')}`);
    console.log(`ratio parley/bare (median of ${rounds.length}): ${median(ratios.map((r) => r.rps)).toFixed(2)}× req/s (goal ≥ 0.7×), p99 ${median(ratios.map((r) => r.p99)).toFixed(2)}×`);
  } finally {
    await stopChild(child);
    await pg.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
