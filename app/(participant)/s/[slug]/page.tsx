import { randomUUID } from 'node:crypto';
import { notFound } from 'next/navigation';
import { getParticipantView } from '@/lib/participation/get-participant-view';
import { currentParticipantId } from '@/lib/participation/participant-session';
import { isAppError } from '@/lib/errors';
import { imageId } from '@/lib/studies/resolve-image';
import { ConsentForm } from '@/app/_components/participant/consent-form';
import { ItemForm } from '@/app/_components/participant/item-form';
import { CompletionPanel } from '@/app/_components/participant/completion-panel';
import { ProgressBar } from '@/app/_components/participant/progress-bar';
import { toItemProps } from '@/app/_components/participant/item-props';
import { readFlash } from '@/lib/participation/flash-message';

export const dynamic = 'force-dynamic';

type SearchParams = Record<string, string | string[] | undefined>;

function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

export default async function StudyPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<SearchParams> }) {
  const { slug } = await params;
  const query = await searchParams;
  let view;
  try {
    view = await getParticipantView({ slug, participantId: await currentParticipantId(slug) });
  } catch (e) {
    if (isAppError(e) && e.code === 'NOT_FOUND') {
      console.warn(`[participant page] ${slug}: ${e.message}`);
      notFound();
    }
    throw e;
  }

  const flash = await readFlash(slug);
  switch (view.state) {
    case 'consent':
      return (
        <ConsentForm
          slug={slug}
          consent={view.study.consent}
          title={view.study.title}
          closed={view.closed}
          message={flash?.itemId === 'consent' ? flash.message : null}
          external={{ externalId: first(query.PROLIFIC_PID), externalStudyId: first(query.STUDY_ID), externalSessionId: first(query.SESSION_ID) }}
        />
      );
    case 'preparing':
      return (
        <section className="notice" aria-live="polite">
          <h1>{view.study.title}</h1>
          <p>This study is being prepared and opens in a few minutes. Please try again shortly.</p>
          <p className="muted">
            {view.readiness.done} of {view.readiness.total} images ready.
          </p>
        </section>
      );
    case 'declined':
      return (
        <section className="notice" aria-live="polite">
          <h1>{view.study.title}</h1>
          <p>{view.study.consent.declinedMessage}</p>
        </section>
      );
    case 'completed':
      return <CompletionPanel title={view.study.title} message={view.study.completion.message} code={view.code} redirectUrl={view.redirectUrl} />;
    case 'item':
      return (
        <>
          <ProgressBar progress={view.progress} />
          <ItemForm
            key={view.planned.item.id}
            item={toItemProps(view.planned, {
              fixed: (ref) => `/api/s/${encodeURIComponent(slug)}/images/${imageId(ref)}`,
              generated: (key) => (view.generated.ids[key] ? `/api/s/${encodeURIComponent(slug)}/stimuli/${view.generated.ids[key]}` : undefined),
              prediction: view.generated.prediction,
            })}
            idempotencyKey={randomUUID()}
            postTo={`/s/${encodeURIComponent(slug)}/answer`}
            message={flash?.itemId === view.planned.item.id ? flash.message : null}
          />
        </>
      );
  }
}
