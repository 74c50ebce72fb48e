import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lowerThreadPriority } from '@/lib/stimuli/lower-thread-priority';
import { defaultOnnxThreads, defaultWorkerCount } from '@/lib/stimuli/start-worker-pool';

/** Field 19 of /proc/thread-self/stat: this thread's nice value (the project runs on Linux; see README). */
const threadNice = () => Number(fs.readFileSync('/proc/thread-self/stat', 'utf8').split(') ')[1]!.split(' ')[16]);

describe('explanation worker threads', () => {
  it('use both cores of a 2-core machine and leave one core spare on larger ones', () => {
    expect(defaultWorkerCount(1)).toBe(1);
    expect(defaultWorkerCount(2)).toBe(2);
    expect(defaultWorkerCount(4)).toBe(3);
    expect(defaultWorkerCount(16)).toBe(15);
  });

  it('share the cores out among themselves for onnxruntime, one thread each at least', () => {
    expect(defaultOnnxThreads(2, defaultWorkerCount(2))).toBe(1);
    expect(defaultOnnxThreads(16, defaultWorkerCount(16))).toBe(1);
    expect(defaultOnnxThreads(8, 2)).toBe(4);
    expect(defaultOnnxThreads(2, 0)).toBe(2);
  });

  it('lower their own thread priority', () => {
    const before = threadNice();
    const target = Math.max(before, 5);
    expect(lowerThreadPriority(target)).toBeNull();
    expect(threadNice()).toBe(target);
  });
});
