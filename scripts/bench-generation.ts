// `npm run bench:generation [-- --quality draft|standard|full] [--port 3190]`: time to generate every
// stimulus of the published studies from an empty store, with a per-job breakdown, and the HTTP latency
// of participant pages while generation runs (target: p95 under 100 ms; compute must not starve the
// web server). Needs a production build (`npm run build`).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createClient } from '@libsql/client';
import { SingleBar, Presets } from 'cli-progress';

const { values } = parseArgs({ options: { quality: { type: 'string', default: 'standard' }, port: { type: 'string', default: '3190' } } });
const port = Number(values.port);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-generation-'));
const base = `http://127.0.0.1:${port}`;

function percentile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
}

async function main(): Promise<void> {
  if (!fs.existsSync('.next/BUILD_ID')) throw new Error('Run `npm run build` first.');
  const env = { ...process.env, DATA_DIR: dataDir, PORT: String(port), PUBLIC_URL: base, STIMULUS_QUALITY: values.quality, NEXT_TELEMETRY_DISABLED: '1' };
  // The server's own default (lib/stimuli/start-worker-pool.ts defaultWorkerCount), unless set.
  const cores = os.availableParallelism();
  const workers = process.env.EXPLANATION_WORKERS ?? String(Math.max(Math.min(2, cores), cores - 1, 1));
  console.log(`Quality: ${values.quality}; data: ${dataDir}; ${cores} cores; ${workers} worker thread(s)`);
  const server = spawn('node_modules/.bin/tsx', ['--conditions=react-server', 'scripts/start.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  server.stdout.on('data', (d: Buffer) => (log += d.toString()));
  server.stderr.on('data', (d: Buffer) => (log += d.toString()));
  const t0 = Date.now();
  try {
    for (;;) {
      try {
        if ((await fetch(`${base}/api/health`)).ok) break;
      } catch {
        // not up yet
      }
      if (Date.now() - t0 > 120_000) throw new Error(`server did not start:\n${log}`);
      await new Promise((r) => setTimeout(r, 300));
    }
    const db = createClient({ url: `file:${path.join(dataDir, 'app.db')}` });
    const counts = async () => {
      const r = await db.execute("SELECT status, COUNT(*) AS n FROM ExplanationJob GROUP BY status");
      return Object.fromEntries(r.rows.map((x) => [String(x.status), Number(x.n)]));
    };
    const latencies: number[] = [];
    let probing = true;
    const probe = (async () => {
      while (probing) {
        const s = performance.now();
        const res = await fetch(`${base}/s/demo`);
        await res.text();
        latencies.push(performance.now() - s);
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    const started = Date.now();
    let c = await counts();
    const total = Object.values(c).reduce((a, b) => a + b, 0);
    const bar = new SingleBar({ format: '  {bar} {value}/{total} stimuli | {duration_formatted}', noTTYOutput: true, notTTYSchedule: 10_000 }, Presets.shades_classic);
    bar.start(total, c.done ?? 0);
    // When each study's last image is done: the wait before its participant link opens.
    const perStudy = async () => {
      const r = await db.execute(`SELECT st.slug, COUNT(*) AS n, SUM(CASE WHEN j.status IN ('done', 'failed') THEN 1 ELSE 0 END) AS finished
        FROM StudyStimulus u JOIN Study st ON st.id = u.studyId JOIN ExplanationJob j ON j.stimulusId = u.stimulusId GROUP BY st.slug`);
      return r.rows.map((x) => ({ slug: String(x.slug), n: Number(x.n), finished: Number(x.finished) }));
    };
    const studyDone = new Map<string, number>();
    while ((c.done ?? 0) + (c.failed ?? 0) < total) {
      await new Promise((r) => setTimeout(r, 1000));
      c = await counts();
      bar.update(c.done ?? 0);
      for (const st of await perStudy()) if (st.finished === st.n && !studyDone.has(st.slug)) studyDone.set(st.slug, (Date.now() - started) / 1000);
    }
    for (const st of await perStudy()) if (!studyDone.has(st.slug)) studyDone.set(st.slug, (Date.now() - started) / 1000);
    bar.stop();
    const seconds = (Date.now() - started) / 1000;
    probing = false;
    await probe;
    const rows = await db.execute(`SELECT s.method, s.modelId, COUNT(*) AS n, AVG(j.durationMs) AS mean, MAX(j.durationMs) AS max, SUM(j.durationMs) AS total
      FROM ExplanationJob j JOIN Stimulus s ON s.id = j.stimulusId WHERE j.status = 'done' GROUP BY s.method, s.modelId ORDER BY total DESC`);
    console.log(`\nGenerated ${c.done ?? 0} of ${total} stimuli (${c.failed ?? 0} failed) in ${seconds.toFixed(1)} s with ${workers} worker thread(s)`);
    console.log('\nmethod               model       jobs   mean ms    max ms   total s');
    for (const r of rows.rows) {
      console.log(`${String(r.method).padEnd(21)}${String(r.modelId).padEnd(12)}${String(r.n).padStart(4)}${Number(r.mean).toFixed(0).padStart(10)}${Number(r.max).toFixed(0).padStart(10)}${(Number(r.total) / 1000).toFixed(1).padStart(10)}`);
    }
    // The quality report of every stimulus (lib/explainers/quality): how many are weak, and why.
    const quality = await db.execute(`SELECT st.slug, COUNT(*) AS n, SUM(CASE WHEN s.weak = 1 THEN 1 ELSE 0 END) AS weak, SUM(CASE WHEN s.quality IS NULL THEN 1 ELSE 0 END) AS unmeasured
      FROM StudyStimulus u JOIN Study st ON st.id = u.studyId JOIN Stimulus s ON s.id = u.stimulusId GROUP BY st.slug ORDER BY st.slug`);
    console.log('\nstudy                 stimuli  weak  no report  all done after');
    for (const r of quality.rows) {
      console.log(`${String(r.slug).padEnd(22)}${String(r.n).padStart(7)}${String(r.weak).padStart(6)}${String(r.unmeasured).padStart(11)}${`${(studyDone.get(String(r.slug)) ?? NaN).toFixed(0)} s`.padStart(16)}`);
    }
    const weakRows = await db.execute(`SELECT st.slug, s.method, s.modelId, s.sourceRef, s.quality FROM StudyStimulus u JOIN Study st ON st.id = u.studyId JOIN Stimulus s ON s.id = u.stimulusId WHERE s.weak = 1 ORDER BY st.slug, s.method`);
    for (const r of weakRows.rows) {
      const reasons = (JSON.parse(String(r.quality)) as { reasons: string[] }).reasons;
      console.log(`  weak: ${String(r.slug)} · ${String(r.method)} · ${String(r.modelId)} · ${String(r.sourceRef)}: ${reasons.join('; ')}`);
    }
    const p95 = percentile(latencies, 0.95);
    console.log(`\nParticipant page GET /s/demo during generation: n=${latencies.length}, p50 ${percentile(latencies, 0.5).toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, max ${Math.max(...latencies).toFixed(1)} ms  ${p95 < 100 ? 'PASS' : 'MISS'} (target p95 < 100 ms)`);
    db.close();
  } finally {
    server.kill('SIGTERM');
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
