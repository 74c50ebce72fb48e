import 'server-only';
// next-auth (v4) configuration: credentials sign-in with JWT sessions, which the credentials
// provider requires. Who the user is, and whether the session is still valid, is decided per
// request by lib/auth/current-actor.ts against the database.
import { createHmac } from 'node:crypto';
import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { z } from 'zod';
import { getSessionSecret } from '@/lib/secrets';
import { authenticate } from '@/lib/auth/authenticate';
import { clientAddress } from '@/lib/auth/client-address';

const signedInUserSchema = z.object({ id: z.string(), role: z.string(), sv: z.number().int() });

export function getAuthOptions(): NextAuthOptions {
  return {
    // Derived, so the participant-cookie key and the session key are never the same bytes.
    secret: createHmac('sha256', getSessionSecret()).update('next-auth').digest('base64url'),
    session: { strategy: 'jwt', maxAge: 12 * 60 * 60 },
    pages: { signIn: '/signin' },
    providers: [
      CredentialsProvider({
        name: 'Email and password',
        credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
        async authorize(credentials, req) {
          const user = await authenticate({ credentials, ip: clientAddress(req.headers) });
          return user ? { id: user.id, email: user.email, role: user.role, sv: user.sessionVersion } : null;
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        const u = signedInUserSchema.safeParse(user);
        if (u.success) {
          token.uid = u.data.id;
          token.role = u.data.role;
          token.sv = u.data.sv;
        }
        return token;
      },
      session({ session, token }) {
        session.uid = token.uid;
        session.sv = token.sv;
        return session;
      },
    },
  };
}
