// The console of `npm start`: the server process's log lines and the generation progress bar share one
// terminal. Lines written while the bar is drawn landed in the middle of it (issue #16), so while it is
// drawn every line goes through cli-progress's log buffer, which prints it above the bar and redraws.
import readline from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { MultiBar, Presets, type Options, type SingleBar } from 'cli-progress';

type Output = Writable & { isTTY?: boolean };

export class ProgressConsole {
  private multi: MultiBar | null = null;
  private bar: SingleBar | null = null;

  constructor(private readonly out: Output = process.stdout, private readonly err: Output = process.stderr) {}

  /** One complete line from stdout or stderr: above the bar while it is drawn, else where it belongs. */
  line(text: string, from: 'stdout' | 'stderr' = 'stdout'): void {
    // Without a terminal the bar prints whole lines of its own (every notTTYSchedule), so lines cannot
    // tear it, and buffering them until its next line would only delay them.
    if (this.multi && this.out.isTTY) this.multi.log(`${text}\n`);
    else (from === 'stderr' ? this.err : this.out).write(`${text}\n`);
  }

  /** Routes every line of a child process's output through `line`. */
  follow(stream: Readable, from: 'stdout' | 'stderr'): void {
    readline.createInterface({ input: stream, crlfDelay: Infinity }).on('line', (l) => this.line(l, from));
  }

  startBar(options: { format: string; total: number; value: number; payload?: Record<string, unknown>; notTTYSchedule?: number }): void {
    // linewrap: long log lines wrap instead of being cut at the terminal's edge (the bar itself is
    // still trimmed to the width, so redrawing it stays on one line).
    const settings: Options = { format: options.format, hideCursor: true, linewrap: true, noTTYOutput: true, notTTYSchedule: options.notTTYSchedule ?? 10_000, stream: this.out };
    this.multi = new MultiBar(settings, Presets.shades_classic);
    this.bar = this.multi.create(options.total, options.value, options.payload);
  }

  updateBar(value: number, payload?: Record<string, unknown>): void {
    this.bar?.update(value, payload);
  }

  stopBar(): void {
    if (!this.multi) return;
    // stop() draws the bar a last time but drops lines still waiting in the log buffer; update() prints them.
    this.multi.update();
    this.multi.stop();
    this.multi = null;
    this.bar = null;
  }
}
