// initBackend() for command-line tools. When both native packages are installed without their binary
// (the usual offline case), the second import re-registers ~150 'tensorflow' kernels and tfjs-core
// warns about each one; on a terminal that buries the tool's own output. Only those duplicate-kernel
// warnings are dropped, and only while the backend is chosen.
import { initBackend, type BackendChoice, type BackendInfo } from '@/lib/explainers/backend';

const DUPLICATE_KERNEL = /^The kernel '[^']+' for backend '[^']+' is already registered/;

export async function initBackendQuietly(force: BackendChoice | undefined): Promise<BackendInfo> {
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && DUPLICATE_KERNEL.test(args[0])) return;
    warn(...args);
  };
  try {
    return await initBackend(force ? { force } : {});
  } finally {
    console.warn = warn;
  }
}
