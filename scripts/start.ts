// `npm start`: migrate the database, publish the study files, serve the built app (scripts/serve.mjs),
// and print each published study's participant link once the server answers.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { getEnv } from '@/lib/env';
import { isPostgresqlUrl } from '@/lib/database-url';
import { migrateDatabase } from '@/lib/db-migrate';
import { getDb } from '@/lib/db';
import { loadSharedSessionSecret } from '@/lib/shared-session-secret';
import { syncStudyFiles } from '@/lib/studies/sync-study-files';
import { listPublishedStudies } from '@/lib/studies/get-study-version';
import { getFaceLibrary } from '@/lib/faces/face-library';
import { readDemoCredentials } from '@/lib/users/ensure-demo-researcher';
import { publishedGenerationState } from '@/lib/stimuli/wait-for-generation';
import { ProgressConsole } from '@/lib/cli/progress-console';

async function waitForHealth(url: string, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      const r = await fetch(`${url}/api/health`);
      if (r.ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  return false;
}

/** A console progress bar while the server's workers generate the published studies' images. */
async function showGeneration(terminal: ProgressConsole): Promise<void> {
  let state = await publishedGenerationState();
  if (state.ready || state.total === 0) return;
  console.log(`\nGenerating ${state.total} explanation images for the published studies (participant links open when done)…`);
  terminal.startBar({ format: '  {bar} {value}/{total} images | {failed} failed | {duration_formatted}', total: state.total, value: state.done, payload: { failed: state.failed } });
  try {
    while (!state.ready && state.done + state.failed < state.total) {
      await new Promise((r) => setTimeout(r, 1000));
      state = await publishedGenerationState();
      terminal.updateBar(state.done, { failed: state.failed });
    }
  } finally {
    terminal.stopBar();
  }
  for (const f of state.failures) console.error(`  failed: ${f}`);
}

async function main(): Promise<void> {
  const env = getEnv();
  const migration = await migrateDatabase({ url: env.DATABASE_URL });
  if (migration.applied.length) console.log(`Applied migrations: ${migration.applied.join(', ')}`);

  const faces = getFaceLibrary();
  console.log(`Faces: ${faces.files.length} photos from ${faces.dir}${faces.source === 'npm-fallback' ? ' (FACES_DIR not found; using the samples shipped with @vladmandic/face-api)' : ''}`);

  const sync = await syncStudyFiles({ dir: env.STUDIES_DIR });
  for (const e of sync.errors) console.error(`Study refused: ${e}`);

  // scripts/serve.mjs: Next's request handler behind a server that records the client's address.
  // The server's output passes through this process so that its lines never tear the progress bar.
  // Piped output is not a terminal to the server, so ask for its colours when ours is one (a NO_COLOR
  // or FORCE_COLOR of the caller's still wins).
  const colour = process.stdout.isTTY ? { FORCE_COLOR: '1' } : {};
  // --expose-gc: the server collects garbage when it goes idle after busy work (graceful-server.mjs
  // IDLE_GC). Two glibc settings let freed native memory go back to the system (fewer arenas, trimmed
  // sooner): measured after 200 participants and that collection, RSS 262 → 203 MB (issue #13). A
  // caller's own values win.
  const malloc = { MALLOC_ARENA_MAX: '2', MALLOC_TRIM_THRESHOLD_: '131072' };
  // PostgreSQL: every web server signs cookies with the one secret kept in the database (unless set).
  const secret = isPostgresqlUrl(env.DATABASE_URL) && !env.SESSION_SECRET ? { SESSION_SECRET: await loadSharedSessionSecret(getDb()) } : {};
  const server = spawn(process.execPath, ['--expose-gc', path.join(process.cwd(), 'scripts', 'serve.mjs')], { stdio: ['inherit', 'pipe', 'pipe'], env: { ...colour, ...malloc, ...process.env, ...secret, PORT: String(env.PORT) } });
  const terminal = new ProgressConsole();
  terminal.follow(server.stdout, 'stdout');
  terminal.follow(server.stderr, 'stderr');
  const stop = (signal: NodeJS.Signals) => server.kill(signal);
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  // 'close', not 'exit': the server's last lines are still in the pipes when it exits.
  server.on('close', (code) => process.exit(code ?? 0));

  const localUrl = `http://127.0.0.1:${env.PORT}`;
  if (!(await waitForHealth(localUrl, 60_000))) {
    console.error(`The server did not become healthy at ${localUrl}/api/health within 60 s.`);
    return;
  }
  await showGeneration(terminal);
  const studies = await listPublishedStudies();
  console.log('\nParticipant links:');
  for (const s of studies) console.log(`  ${s.title}\n    ${env.PUBLIC_URL}/s/${s.slug}`);
  const demo = readDemoCredentials();
  if (demo) console.log(`\nResearchers sign in at ${env.PUBLIC_URL}/signin (demo: ${demo.email} / ${demo.password})`);
  console.log('');
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
