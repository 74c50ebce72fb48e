// The server's memory and CPU time for the benchmark report, read from Linux's /proc (the benchmark only
// runs against this machine). Without --server-pid the process is found as the one that listens on the
// URL's port: npm start → tsx → scripts/start.ts → node scripts/serve.mjs, and only the last one serves.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

export interface ProcessSample {
  rssBytes: number;
  /** User + system CPU time since the process started. */
  cpuMs: number;
  /** Open file descriptors: sockets, and the database files of every SQLite connection not yet closed. */
  openFiles: number;
}

function listeningInodes(port: number): Set<string> {
  const inodes = new Set<string>();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      const local = cols[1] ?? '';
      // State 0A is LISTEN; the port is the hex after the colon.
      if (cols[3] === '0A' && parseInt(local.split(':').pop() ?? '', 16) === port && cols[9]) inodes.add(cols[9]);
    }
  }
  return inodes;
}

/** The pid of the process listening on this TCP port, or null (not Linux, not found, no permission). */
export function findListeningPid(port: number): number | null {
  const inodes = listeningInodes(port);
  if (!inodes.size) return null;
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    let fds: string[];
    try {
      fds = fs.readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (m && inodes.has(m[1] as string)) return Number(pid);
      } catch {
        // the descriptor closed while we looked
      }
    }
  }
  return null;
}

let ticksPerSecond: number | undefined;
function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** RSS and CPU time of a process, or null when it is gone. */
export function sampleProcess(pid: number): ProcessSample | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const rssKb = Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1] ?? NaN);
    // Fields after the command name (which may contain spaces, so split after its closing parenthesis):
    // utime and stime are the 14th and 15th fields of the whole line.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(rest[11]) + Number(rest[12]);
    return { rssBytes: rssKb * 1024, cpuMs: (ticks / clockTicks()) * 1000, openFiles: fs.readdirSync(`/proc/${pid}/fd`).length };
  } catch {
    return null;
  }
}
