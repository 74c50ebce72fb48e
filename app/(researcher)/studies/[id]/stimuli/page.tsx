import Link from 'next/link';
import { notFound } from 'next/navigation';
import { requireActorForPage } from '@/lib/auth/current-actor';
import { isAppError } from '@/lib/errors';
import { getStimulusReview, reviewVersionSchema } from '@/lib/stimuli/get-stimulus-review';
import { ReviewGrid, WeakList } from '@/app/_components/researcher/stimulus-review';

export default async function StimulusReviewPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { id } = await params;
  const query = await searchParams;
  const actor = await requireActorForPage();
  const version = reviewVersionSchema.optional().safeParse(typeof query.version === 'string' ? query.version : undefined);
  if (!version.success) notFound();
  let review;
  try {
    review = await getStimulusReview({ actor, studyId: id, version: version.data });
  } catch (e) {
    if (isAppError(e) && (e.code === 'NOT_FOUND' || e.code === 'FORBIDDEN')) notFound();
    // A version that does not exist, or a draft that cannot be read yet, is explained.
    if (isAppError(e) && e.code === 'BAD_INPUT') return <ReviewProblem studyId={id} message={e.message} />;
    throw e;
  }
  const { summary } = review;
  const choices: { label: string; value: string }[] = [
    ...review.versions.map((v) => ({ label: `Version ${v}`, value: String(v) })),
    ...(review.hasDraft ? [{ label: 'Draft', value: 'draft' }] : []),
  ];
  return (
    <>
      <h1>Stimuli of “{review.study.title}”</h1>
      <nav className="version-links" aria-label="Version">
        {choices.map((c) => (
          <Link key={c.value} href={`/studies/${id}/stimuli?version=${c.value}`} aria-current={String(review.version) === c.value ? 'page' : undefined}>
            {c.label}
          </Link>
        ))}
        <span className="muted">·</span>
        <Link href={`/studies/${id}`}>Study</Link>
        <Link href={`/studies/${id}/preview`}>Preview</Link>
      </nav>
      <p className="review-summary" data-testid="review-summary">
        <strong>
          {summary.total} stimul{summary.total === 1 ? 'us' : 'i'}, {summary.weak} weak
        </strong>
        {' '}· {summary.done} done
        {summary.pending > 0 && <> · {summary.pending} {review.version === 'draft' ? 'not generated yet (open the preview to generate them)' : 'still generating'}</>}
        {summary.failed > 0 && <> · {summary.failed} failed</>}
        {summary.unassessed > 0 && <> · {summary.unassessed} without a quality report</>}
      </p>
      {summary.total === 0 && <p>This {review.version === 'draft' ? 'draft' : 'version'} has no generated images.</p>}
      <WeakList items={summary.weakList} />
      <ReviewGrid rows={review.rows} />
    </>
  );
}

function ReviewProblem({ studyId, message }: { studyId: string; message: string }) {
  return (
    <section className="notice" role="alert">
      <h1>No stimuli to review</h1>
      <p>{message}</p>
      <p><Link href={`/studies/${studyId}`}>Back to the study</Link></p>
    </section>
  );
}
