import Link from 'next/link';
import { redirect } from 'next/navigation';
import type { ReactNode } from 'react';
import { getActor } from '@/lib/auth/current-actor';
import { SignOutButton } from '@/app/_components/researcher/sign-out-button';

export const dynamic = 'force-dynamic';

// The layout only decides what to show; every page and action checks access again where it reads
// or writes data.
export default async function ResearcherLayout({ children }: { children: ReactNode }) {
  const actor = await getActor();
  if (!actor) redirect('/signin');
  return (
    <div className="researcher">
      <nav className="topnav" aria-label="Main">
        <Link href="/studies">Studies</Link>
        {actor.role !== 'analyst' && <Link href="/images">Image library</Link>}
        {actor.role === 'admin' && <Link href="/admin/users">Users</Link>}
        <Link href="/account">Account</Link>
        <span className="muted who">{actor.email} ({actor.role})</span>
        <SignOutButton />
      </nav>
      {children}
    </div>
  );
}
