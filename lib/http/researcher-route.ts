import 'server-only';
// Every researcher API route goes through this wrapper: the origin check for state-changing methods
// (other sites' requests are refused before anything else happens; only SameSite=Lax protected
// POST /api/stimuli, /api/images and /cancel before, issue #11), the sign-in check, and one error answer
// (AppError → its status and message; anything else → 500 with a generic message, logged). The user's
// access to the data itself is checked by the lib/ use case the handler calls, where the data is read.
import { NextResponse } from 'next/server';
import { getActor } from '@/lib/auth/current-actor';
import type { Actor } from '@/lib/auth/roles';
import { AppError, publicMessage } from '@/lib/errors';
import { isSameOrigin } from '@/lib/http/same-origin';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface ResearcherRequest<P> {
  req: Request;
  actor: Actor;
  params: P;
}

/** Next passes params for dynamic routes; static routes (and direct calls in tests) may pass nothing. */
type RouteContext<P> = { params: Promise<P> } | undefined;

export function researcherRoute<P = Record<string, never>>(
  handler: (r: ResearcherRequest<P>) => Promise<Response>,
  options: { headers?: Record<string, string> } = {},
): (req: Request, ctx?: RouteContext<P>) => Promise<Response> {
  return async (req, ctx) => {
    try {
      if (!SAFE_METHODS.has(req.method) && !isSameOrigin(req)) throw new AppError('FORBIDDEN', 'Cross-site requests are not accepted.');
      const actor = await getActor();
      if (!actor) throw new AppError('UNAUTHORIZED', 'Please sign in.');
      return await handler({ req, actor, params: ((await ctx?.params) ?? {}) as P });
    } catch (e) {
      const { status, message } = publicMessage(e);
      return NextResponse.json({ error: message }, { status, ...(options.headers ? { headers: options.headers } : {}) });
    }
  };
}
