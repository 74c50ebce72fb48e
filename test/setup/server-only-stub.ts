// `server-only` throws when imported outside a React Server Component bundle. Vitest runs lib/ code
// in plain Node, which is a server context, so the guard is replaced with a no-op here.
import { vi } from 'vitest';
vi.mock('server-only', () => ({}));
