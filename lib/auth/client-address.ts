// The client's network address for per-address limits. scripts/serve.mjs (the production server) sets
// `x-client-address` on every request from the socket, or from trusted proxies' X-Forwarded-For when
// TRUST_PROXY says how many there are, overwriting anything the client sent. X-Forwarded-For itself is
// never read here: anyone can send it (issue #11). Under `next dev` the header is absent and every
// client shares the address 'unknown', which only makes the per-address limits stricter.
import { z } from 'zod';

export const CLIENT_ADDRESS_HEADER = 'x-client-address';

const addressSchema = z.string().trim().min(1).max(64);

/** From a Headers object or next-auth's plain header record. */
export function clientAddress(headers: Headers | Record<string, unknown> | undefined): string {
  const raw = headers instanceof Headers ? headers.get(CLIENT_ADDRESS_HEADER) : headers?.[CLIENT_ADDRESS_HEADER];
  const parsed = addressSchema.safeParse(raw);
  return parsed.success ? parsed.data : 'unknown';
}
