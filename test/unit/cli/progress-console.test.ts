// Server log lines and the generation progress bar share `npm start`'s terminal (issue #16 item 7).
import { Writable } from 'node:stream';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ProgressConsole } from '@/lib/cli/progress-console';

/** A stream that records what is written, as a terminal (TTY) or as a file or pipe. */
function recorder(isTTY: boolean): Writable & { isTTY: boolean; columns: number; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _enc, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return Object.assign(stream, { isTTY, columns: 100, text: () => chunks.join('') });
}

const LOG = '[explainers] TF.js backend: wasm';
const bar = { format: '{bar} {value}/{total} images', total: 10, value: 2 };

describe('the start console', () => {
  it('prints a line written while the bar is drawn on a line of its own, above the bar', async () => {
    const out = recorder(true);
    const con = new ProgressConsole(out, recorder(true));
    con.startBar(bar);
    await new Promise((r) => setTimeout(r, 250));
    con.line(LOG);
    expect(out.text()).not.toContain(LOG); // nothing is written into the drawn bar line
    con.updateBar(3);
    con.stopBar();
    const text = out.text();
    const at = text.indexOf(LOG);
    expect(at).toBeGreaterThan(0);
    // The bar's line is cleared before the log line is written, and the log line ends before the bar is drawn again.
    expect(text.slice(0, at)).toMatch(/\x1b\[2K(\x1b\[\d*G)?$/);
    expect(text.slice(at + LOG.length)).toMatch(/^\r?\n/);
    expect(text.slice(at)).toMatch(/3\/10 images/);
  });

  it('does not lose lines logged just before the bar stops', () => {
    const out = recorder(true);
    const con = new ProgressConsole(out, recorder(true));
    con.startBar(bar);
    con.line(LOG);
    con.stopBar();
    expect(out.text()).toContain(`${LOG}\n`);
  });

  it('writes lines straight through when there is no bar or no terminal', () => {
    const out = recorder(false);
    const err = recorder(false);
    const con = new ProgressConsole(out, err);
    con.line('before');
    con.startBar(bar);
    con.line(LOG);
    con.line('a warning', 'stderr');
    expect(out.text()).toContain(`before\n`);
    expect(out.text()).toContain(`${LOG}\n`);
    expect(err.text()).toBe('a warning\n');
    con.stopBar();
  });

  it('follows a child process output line by line', async () => {
    const out = recorder(false);
    const con = new ProgressConsole(out, recorder(false));
    const child = new PassThrough();
    con.follow(child, 'stdout');
    child.write('one\ntw');
    child.end('o\n');
    await new Promise((r) => setTimeout(r, 20));
    expect(out.text()).toBe('one\ntwo\n');
  });
});
