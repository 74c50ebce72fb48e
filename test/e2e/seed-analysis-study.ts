// Seeds the analysis fixture into the e2e server's database (run with tsx by the dashboard spec):
// publishes the study, gives it to the owner, shares it with the analyst, and stores the answers.
// `--fixture tasks` seeds the intruder/coherency fixture instead of the preference one; `--fixture
// example` loads the 101 example respondents of the default study (lib/example-data) instead.
import { parseArgs } from 'node:util';
import { getDb } from '@/lib/db';
import { getFaceLibrary } from '@/lib/faces/face-library';
import { studySchema } from '@/lib/studies/study-schema';
import { publishStudyVersion } from '@/lib/studies/publish-study';
import { addCollaborator } from '@/lib/studies/manage-collaborators';
import { analysisStudy, seedFixturePeople } from '../support/analysis-fixture';
import { seedTaskPeople, taskStudy } from '../support/task-fixture';
import { loadExampleData } from '@/lib/example-data/load-example-data';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { slug: { type: 'string' }, owner: { type: 'string' }, analyst: { type: 'string' }, fixture: { type: 'string', default: 'preferences' } } });
  const owner = await getDb().user.findUniqueOrThrow({ where: { email: values.owner ?? '' } });
  const actor = { id: owner.id, email: owner.email, role: 'researcher' as const };
  if (values.fixture === 'example') {
    const example = await loadExampleData();
    await getDb().study.update({ where: { id: example.studyId }, data: { ownerId: owner.id } });
    await addCollaborator({ actor, studyId: example.studyId, input: { email: values.analyst ?? '', role: 'analyst' } });
    console.log(example.studyId);
    return;
  }
  const tasks = values.fixture === 'tasks';
  const define = tasks ? taskStudy : analysisStudy;
  const published = await publishStudyVersion({ study: studySchema.parse(define(values.slug ?? 'analysis-e2e', getFaceLibrary().files)) });
  await getDb().study.update({ where: { id: published.studyId }, data: { ownerId: owner.id, source: 'ui' } });
  await addCollaborator({ actor, studyId: published.studyId, input: { email: values.analyst ?? '', role: 'analyst' } });
  await (tasks ? seedTaskPeople : seedFixturePeople)(getDb(), { studyId: published.studyId, versionId: published.versionId });
  console.log(published.studyId);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
