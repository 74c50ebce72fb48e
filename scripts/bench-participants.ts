// `npm run bench:participants -- --participants 1000 [--study demo] [--url http://127.0.0.1:3000]
//   [--think-ms 0] [--connection keepalive|new] [--retries 0] [--timeout-ms 30000] [--max-seconds 600]
//   [--ramp-ms 0] [--server-pid N] [--idle-seconds 10] [--no-db-check] [--seed 1] [--json out.json]`
// Load test of the participant path (issue #13): that many participants at once, each a browser without
// JavaScript (lib/bench/participant-flow.ts) against a running server on this machine, then a check of
// the server's database (run with the server's DATA_DIR) and a report: throughput, latency percentiles
// per request kind, failures by type, server RSS and CPU before, after and after idling.
import { setMaxListeners } from 'node:events';
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { SingleBar, Presets } from 'cli-progress';
import seedrandom from 'seedrandom';
import { z } from 'zod';
import { parseLoopbackUrl } from '@/lib/bench/loopback-url';
import { summariseLatencies } from '@/lib/bench/latency-stats';
import { parseForms } from '@/lib/bench/html-form';
import { httpRequest } from '@/lib/bench/http-request';
import { runParticipantFlow, type FailureType, type FlowResult, type RequestKind } from '@/lib/bench/participant-flow';
import { findListeningPid, sampleProcess, type ProcessSample } from '@/lib/bench/server-process';
import { checkStoredAnswers, type StoredCheck } from '@/lib/bench/check-stored-answers';
import { getEnv } from '@/lib/env';
import { resetDb } from '@/lib/db';

const argsSchema = z.object({
  participants: z.coerce.number().int().min(1).max(5000),
  study: z.string().regex(/^[a-z0-9-]{1,64}$/).default('demo'),
  url: z.string().default(`http://127.0.0.1:${process.env.PORT ?? 3000}`),
  'think-ms': z.coerce.number().int().min(0).max(60_000).default(0),
  connection: z.enum(['keepalive', 'new']).default('keepalive'),
  retries: z.coerce.number().int().min(0).max(20).default(0),
  'timeout-ms': z.coerce.number().int().min(100).max(120_000).default(30_000),
  'max-seconds': z.coerce.number().int().min(1).max(3600).default(600),
  'ramp-ms': z.coerce.number().int().min(0).max(600_000).default(0),
  'server-pid': z.coerce.number().int().positive().optional(),
  'idle-seconds': z.coerce.number().min(0).max(600).default(10),
  'no-db-check': z.boolean().default(false),
  seed: z.string().default('1'),
  json: z.string().optional(),
});
type Args = z.infer<typeof argsSchema>;

function readArgs(): Args {
  const str = { type: 'string' } as const;
  const { values } = parseArgs({
    options: {
      participants: str, study: str, url: str, 'think-ms': str, connection: str, retries: str, 'timeout-ms': str, 'max-seconds': str,
      'ramp-ms': str, 'server-pid': str, 'idle-seconds': str, 'no-db-check': { type: 'boolean' }, seed: str, json: str,
    },
  });
  const parsed = argsSchema.safeParse(values);
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('\n'));
  return parsed.data;
}

const mb = (s: ProcessSample | null) => (s ? `${(s.rssBytes / 2 ** 20).toFixed(0)} MB` : 'n/a');
const fds = (s: ProcessSample | null) => (s ? String(s.openFiles) : 'n/a');
const ms = (v: number) => (Number.isFinite(v) ? v.toFixed(0) : '-');

/** Fails fast with a clear message when the study page is missing or not open yet. */
async function preflight(base: URL, slug: string, timeoutMs: number): Promise<void> {
  const url = new URL(`/s/${encodeURIComponent(slug)}`, base);
  const r = await httpRequest({ method: 'GET', url, headers: { accept: 'text/html' }, agent: false, timeoutMs }).catch((e: Error) => {
    throw new Error(`No answer from ${url.href}: ${e.message}. Is the server running (npm start)?`);
  });
  if (r.status !== 200) throw new Error(`${url.href} answered ${r.status}; is the study '${slug}' published?`);
  if (!parseForms(r.body).some((f) => f.method === 'post')) throw new Error(`${url.href} shows no consent form (the study may still be preparing its images, or closed).`);
}

async function main(): Promise<void> {
  const args = readArgs();
  const base = parseLoopbackUrl(args.url);
  const port = Number(base.port || 80);
  const serverPid = args['server-pid'] ?? findListeningPid(port);
  const pidSource = args['server-pid'] ? '--server-pid' : `the process listening on port ${port}`;
  await preflight(base, args.study, args['timeout-ms']);

  const latencies = new Map<RequestKind, number[]>();
  const failures = new Map<string, { count: number; example: string }>();
  let answers = 0;
  let finished = 0;
  const events = {
    latency: (kind: RequestKind, v: number) => {
      const list = latencies.get(kind) ?? [];
      list.push(v);
      latencies.set(kind, list);
    },
    failure: (kind: RequestKind, type: FailureType, detail: string) => {
      const key = `${type} (${kind})`;
      const f = failures.get(key) ?? { count: 0, example: detail };
      f.count++;
      failures.set(key, f);
    },
    answered: () => void answers++,
  };

  const before = serverPid ? sampleProcess(serverPid) : null;
  const deadline = new AbortController();
  // Every in-flight request listens on the one deadline signal: thousands of listeners are expected here.
  setMaxListeners(0, deadline.signal);
  const timer = setTimeout(() => deadline.abort(), args['max-seconds'] * 1000);
  const bar = new SingleBar({ format: '  {bar} {value}/{total} participants | {answers} answers | {rate} answers/s | {failed} failed requests | {duration_formatted}', hideCursor: true }, Presets.shades_classic);
  const started = performance.now();
  const payload = () => ({ answers, rate: (answers / ((performance.now() - started) / 1000 || 1)).toFixed(0), failed: [...failures.values()].reduce((s, f) => s + f.count, 0) });
  bar.start(args.participants, 0, payload());
  const tick = setInterval(() => bar.update(finished, payload()), 500);
  const clientCpu = process.cpuUsage();

  const flows: Promise<FlowResult>[] = [];
  for (let i = 0; i < args.participants; i++) {
    const delay = args['ramp-ms'] ? (args['ramp-ms'] * i) / args.participants : 0;
    flows.push(
      new Promise((r) => setTimeout(r, delay))
        .then(() => runParticipantFlow({ base, slug: args.study, thinkMs: args['think-ms'], timeoutMs: args['timeout-ms'], retries: args.retries, keepAlive: args.connection === 'keepalive', signal: deadline.signal, events, rng: seedrandom(`${args.seed}:${i}`) }))
        .finally(() => void finished++),
    );
  }
  const results = await Promise.all(flows);
  const wallS = (performance.now() - started) / 1000;
  clearTimeout(timer);
  clearInterval(tick);
  bar.update(finished, payload());
  bar.stop();
  const cpu = process.cpuUsage(clientCpu);
  const after = serverPid ? sampleProcess(serverPid) : null;

  let check: StoredCheck | null = null;
  if (!args['no-db-check']) {
    check = await checkStoredAnswers(results.flatMap((r) => (r.participantId ? [{ id: r.participantId, acknowledged: r.acknowledged }] : [])));
    await resetDb();
  }
  if (serverPid && args['idle-seconds'] > 0) await new Promise((r) => setTimeout(r, args['idle-seconds'] * 1000));
  const idle = serverPid ? sampleProcess(serverPid) : null;

  const outcomes = { finished: 0, failed: 0, aborted: 0 };
  for (const r of results) outcomes[r.outcome]++;
  const kinds: RequestKind[] = ['page', 'consent', 'answer', 'answer round trip'];
  const summary = Object.fromEntries(kinds.map((k) => [k, summariseLatencies(latencies.get(k) ?? [])]));
  const serverCpuMs = before && after ? after.cpuMs - before.cpuMs : NaN;

  console.log(`\nParticipants: ${args.participants} at once against ${base.origin}/s/${args.study} (${args.connection === 'keepalive' ? 'one keep-alive connection per participant' : 'a new connection per request'}, think ${args['think-ms']} ms, retries ${args.retries})`);
  console.log(`Flows: ${outcomes.finished} reached a page without a form (the end), ${outcomes.failed} gave up, ${outcomes.aborted} stopped at the ${args['max-seconds']} s limit; wall time ${wallS.toFixed(1)} s`);
  console.log(`Throughput: ${(answers / wallS).toFixed(1)} acknowledged answers/s (${answers} answers)`);
  console.log('\nLatency (ms)        count    p50    p95    p99    max');
  for (const k of kinds) {
    const s = summary[k];
    if (s) console.log(`  ${k.padEnd(18)}${String(s.count).padStart(6)} ${ms(s.p50).padStart(6)} ${ms(s.p95).padStart(6)} ${ms(s.p99).padStart(6)} ${ms(s.max).padStart(6)}`);
  }
  console.log('\nFailed requests:', failures.size ? '' : 'none');
  for (const [key, f] of [...failures].sort((a, b) => b[1].count - a[1].count)) console.log(`  ${key}: ${f.count}  e.g. ${f.example}`);
  if (check) {
    console.log(`\nDatabase (${getEnv().DATABASE_URL}):`);
    console.log(`  participants ${check.participantsFound}/${check.participantsTracked} found, ${check.completed} completed`);
    console.log(`  answers acknowledged ${check.acknowledged}, stored ${check.stored}, lost ${check.lost}, stored without acknowledgement ${check.storedUnacknowledged}, duplicates ${check.duplicates}`);
    if (check.participantsTracked > 0 && check.participantsFound === 0) console.log('  (no participant found: is DATA_DIR the server\'s?)');
  }
  console.log(`\nServer process ${serverPid ?? 'not found'} (${serverPid ? pidSource : 'pass --server-pid'}): RSS before ${mb(before)}, after ${mb(after)}, after ${args['idle-seconds']} s idle ${mb(idle)}`);
  console.log(`  open file descriptors before ${fds(before)}, after ${fds(after)}, after idle ${fds(idle)}`);
  if (Number.isFinite(serverCpuMs)) console.log(`  server CPU ${(serverCpuMs / 1000).toFixed(1)} s during the run = ${answers ? (serverCpuMs / answers).toFixed(1) : '-'} ms per acknowledged answer (all requests included)`);
  console.log(`  benchmark client CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s (it shares the machine's cores with the server)`);

  if (args.json) {
    const report = { args, wallS, answers, outcomes, latency: summary, failures: Object.fromEntries(failures), check, server: { pid: serverPid, pidSource, before, after, idle, cpuMs: serverCpuMs }, clientCpuMs: (cpu.user + cpu.system) / 1000 };
    fs.writeFileSync(args.json, JSON.stringify(report, null, 2));
  }
  const bad = outcomes.failed + outcomes.aborted > 0 || (check !== null && (check.lost > 0 || check.duplicates > 0));
  process.exit(bad ? 1 : 0);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(2);
});
