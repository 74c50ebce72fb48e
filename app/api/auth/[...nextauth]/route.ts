import NextAuth from 'next-auth';
import { getAuthOptions } from '@/lib/auth/auth-options';

// Built per request so reading the secret happens at run time, never during `next build`.
function handler(req: Request, ctx: { params: Promise<{ nextauth: string[] }> }) {
  return NextAuth(getAuthOptions())(req, ctx);
}

export { handler as GET, handler as POST };
