// Types for graceful-server.mjs (plain ESM so the production server needs no TypeScript loader).
import type { IncomingMessage, Server, ServerResponse } from 'node:http';

export interface LoadReading {
  inFlight: number;
  eventLoopDelayMs: number;
}
export interface ServerLoad extends LoadReading {
  draining: boolean;
  overloaded: boolean;
}
export declare const OVERLOAD: { eventLoopDelayMs: number; inFlight: number };
export declare const IDLE_GC: { idleMs: number; minRequests: number; secondAfterMs: number };
export declare function isOverloaded(load: LoadReading, limits?: typeof OVERLOAD): boolean;
export declare function createGracefulServer(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  options?: { shutdownTimeoutMs?: number; onShutdown?: () => unknown; idleGc?: Partial<typeof IDLE_GC> & { gc?: () => void } },
): { server: Server; load(): ServerLoad; shutdown(): Promise<void> };
