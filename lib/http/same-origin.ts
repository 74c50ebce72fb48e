// Refuses state-changing requests that another site's page sent (defence in depth on top of SameSite=Lax
// cookies), for participant form posts and the researcher APIs alike. Browsers send Origin on every POST
// and Sec-Fetch-Site on every request; a request with neither comes from a non-browser client (curl, a
// script), which cannot ride on a victim's cookies, so it is allowed.
export function isSameOrigin(req: Request): boolean {
  const site = req.headers.get('sec-fetch-site');
  if (site === 'cross-site' || site === 'same-site') return false;
  const origin = req.headers.get('origin');
  if (!origin) return true;
  const host = req.headers.get('x-forwarded-host') ?? req.headers.get('host');
  try {
    return new URL(origin).host === host;
  } catch {
    return false; // "null" (sandboxed frames, file: pages) or garbage
  }
}
