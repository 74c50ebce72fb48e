import { SignInForm } from './signin-form';

export const dynamic = 'force-dynamic';

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const q = await searchParams;
  const callbackUrl = typeof q.callbackUrl === 'string' ? q.callbackUrl : undefined;
  return (
    <>
      <h1>Researcher sign-in</h1>
      <p className="muted">Participants do not need an account: they use the study link they were given.</p>
      <SignInForm callbackUrl={callbackUrl} />
    </>
  );
}
