import Link from 'next/link';
import { notFound } from 'next/navigation';
import { requireActorForPage } from '@/lib/auth/current-actor';
import { isAppError } from '@/lib/errors';
import { getStudyPreview } from '@/lib/studies/get-study-preview';
import { StudyPreview } from '@/app/_components/participant/study-preview';
import { GenerationProgress } from '@/app/_components/researcher/generation-progress';

export default async function PreviewPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requireActorForPage();
  let preview;
  try {
    preview = await getStudyPreview({ actor, studyId: id });
  } catch (e) {
    if (isAppError(e) && (e.code === 'NOT_FOUND' || e.code === 'FORBIDDEN')) notFound();
    throw e;
  }
  if ('issues' in preview) {
    return (
      <section className="notice" role="alert">
        <h1>The draft cannot be previewed yet</h1>
        <ul>{preview.issues.map((i, k) => <li key={k}><code>{i.path}</code>: {i.message}</li>)}</ul>
      </section>
    );
  }
  return (
    <>
      <p className="actions preview-links">
        <Link href={`/studies/${id}`}>Back to the study</Link>
        <Link href={`/studies/${id}/stimuli${preview.isDraft ? '?version=draft' : ''}`}>Review stimuli (quality of each image)</Link>
      </p>
      {preview.photos.length > 0 && (
        <details className="preview-photos">
          <summary>Photos in this {preview.isDraft ? 'draft' : 'version'} ({preview.photos.length})</summary>
          <ul className="photo-list" data-testid="preview-photos">
            {preview.photos.map((p) => (
              <li key={p.ref}>
                {/* eslint-disable-next-line @next/next/no-img-element -- a researcher-only route serves the thumbnail */}
                <img src={p.thumbnailUrl} alt="" width={64} height={64} loading="lazy" />
                <span>
                  {p.label} <span className="muted">(item{p.items.length > 1 ? 's' : ''} {p.items.join(', ')})</span>
                </span>
              </li>
            ))}
          </ul>
        </details>
      )}
      {preview.pending > 0 && <GenerationProgress studyId={id} refreshWhenDone />}
      <StudyPreview study={preview.study} imageUrls={preview.imageUrls} predictions={preview.predictions} />
    </>
  );
}
