// Participant forms post with cookies; refuse posts that another site's page sent (defence in depth
// on top of SameSite=Lax cookies). Browsers send Origin on POST; a missing one (old clients) is allowed.
export function isSameOrigin(req: Request): boolean {
  const origin = req.headers.get('origin');
  if (!origin) return true;
  const host = req.headers.get('x-forwarded-host') ?? req.headers.get('host');
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
