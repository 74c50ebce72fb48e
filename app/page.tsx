import Link from 'next/link';
import { listPublishedStudies } from '@/lib/studies/get-study-version';

export const dynamic = 'force-dynamic';

export default async function Home() {
  const studies = await listPublishedStudies();
  return (
    <>
      <h1>Face XAI Studies</h1>
      <p className="muted">Human-subject studies of explanations of face-analysis neural networks.</p>
      <p>
        <Link href="/signin">Researcher sign-in</Link> to write, publish and analyse studies. Participants need no
        account: they use the study link they were given.
      </p>
      <h2>Open studies</h2>
      {studies.length === 0 ? (
        <p>No study is published yet.</p>
      ) : (
        <ul>
          {studies.map((s) => (
            <li key={s.slug}>
              <Link href={`/s/${s.slug}`}>{s.title}</Link> <span className="muted">(version {s.version})</span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
