import Link from 'next/link';
import { notFound } from 'next/navigation';
import { requireActorForPage } from '@/lib/auth/current-actor';
import { isAppError } from '@/lib/errors';
import { dashboardQuerySchema } from '@/lib/analysis/analysis-query-schema';
import { getResultsDashboard } from '@/lib/analysis/get-results-dashboard';
import { ExportLinks, ResultsControls } from '@/app/_components/analysis/results-controls';
import { CompositionSection, ExclusionsSection, FunnelSection, PreferenceSection, QuestionsSection, TimesSection } from '@/app/_components/analysis/results-sections';
import { AccuracySection, AgreementSection } from '@/app/_components/analysis/task-sections';
import { PooledPreferenceSection } from '@/app/_components/analysis/pooled-preference-section';
import { FigureFilePrefix } from '@/app/_components/analysis/figure-file-prefix';
import { CompositionCombinationSection } from '@/app/_components/analysis/composition-combination-section';
import { ChoiceVsQualitySection } from '@/app/_components/analysis/choice-vs-quality-section';

export default async function ResultsPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { id } = await params;
  const actor = await requireActorForPage();
  const parsed = dashboardQuerySchema.safeParse(await searchParams);
  const query = parsed.success ? parsed.data : dashboardQuerySchema.parse({});
  let d;
  try {
    d = await getResultsDashboard({ actor, studyId: id, query });
  } catch (e) {
    if (isAppError(e) && (e.code === 'NOT_FOUND' || e.code === 'FORBIDDEN')) notFound();
    throw e;
  }
  // Figure downloads are named <study id>-<figure>.svg|png|csv (the dashboard data carries no slug).
  return (
    <FigureFilePrefix value={d.study.id}>
      <p><Link href={`/studies/${id}`}>← {d.study.title}</Link></p>
      <h1>Results</h1>
      {!parsed.success && <p className="error" role="alert">Some options in the address were not understood; showing the defaults.</p>}
      <ResultsControls studyId={id} d={d} />
      {d.canExport && <ExportLinks studyId={id} d={d} />}
      <p className="muted">Showing {d.query.version === 'pooled' ? 'all versions pooled' : `version ${d.query.version}`}, {d.query.include === 'kept' ? 'without excluded participants' : 'all participants'}.</p>
      <h2>Participants</h2>
      <FunnelSection d={d} />
      <ExclusionsSection d={d} />
      <h2>Who answered</h2>
      <CompositionSection d={d} />
      <CompositionCombinationSection d={d} />
      <h2>Preferences</h2>
      <PooledPreferenceSection d={d} />
      <PreferenceSection d={d} />
      <QuestionsSection d={d} />
      <ChoiceVsQualitySection d={d} />
      <h2>Intruder and coherency tasks</h2>
      <AccuracySection d={d} />
      <AgreementSection d={d} />
      <h2>Timing</h2>
      <TimesSection d={d} />
    </FigureFilePrefix>
  );
}
