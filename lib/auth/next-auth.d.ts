// Our session carries the user id and the session version it was issued under; the version is
// compared with the database on every request so revoked sessions stop working at once.
import 'next-auth';
import 'next-auth/jwt';

declare module 'next-auth' {
  interface Session {
    uid?: string;
    sv?: number;
  }
}

declare module 'next-auth/jwt' {
  interface JWT {
    uid?: string;
    sv?: number;
    role?: string;
  }
}
