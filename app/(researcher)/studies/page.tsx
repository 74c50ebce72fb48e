import Link from 'next/link';
import { requireActorForPage } from '@/lib/auth/current-actor';
import { listStudiesForActor } from '@/lib/studies/list-studies-for-actor';
import { studyTemplates } from '@/lib/studies/study-templates';
import { STUDY_SLUG_PATTERN } from '@/lib/studies/study-schema';
import { ActionField, ActionForm } from '@/app/_components/researcher/action-form';
import { createStudyAction } from './actions';

// Field names as the form's labels say them: issues name these, never the internal field names.
const newStudyLabels = { title: 'Title', slug: 'Address (/s/…)', template: 'Start from' };
const importLabels = { file: 'Study file (.json, as exported)' };

export default async function StudiesPage() {
  const actor = await requireActorForPage();
  const studies = await listStudiesForActor({ actor });
  return (
    <>
      <h1>Studies</h1>
      {studies.length === 0 ? (
        <p>No studies yet.</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Study</th>
              <th scope="col">Status</th>
              <th scope="col">Version</th>
              <th scope="col">Your role</th>
              <th scope="col">Started</th>
              <th scope="col">Completed</th>
            </tr>
          </thead>
          <tbody>
            {studies.map((s) => (
              <tr key={s.id}>
                <td>
                  <Link href={`/studies/${s.id}`}>{s.title}</Link> <span className="muted">/s/{s.slug}</span>
                  {s.latestVersion !== null && <> · <Link href={`/studies/${s.id}/results`}>Results</Link></>}
                </td>
                <td>{s.status}</td>
                <td>{s.latestVersion ?? '—'}</td>
                <td>{s.relation}</td>
                <td data-testid={`started-${s.slug}`}>{s.started}</td>
                <td data-testid={`completed-${s.slug}`}>{s.completed}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {actor.role !== 'analyst' && (
        <div className="two-col">
          <section>
            <h2>New study</h2>
            <ActionForm action={createStudyAction} fieldLabels={newStudyLabels}>
              <input type="hidden" name="from" value="template" />
              <ActionField id="new-title" name="title" label={newStudyLabels.title} type="text" required maxLength={200} />
              <ActionField id="new-slug" name="slug" label={newStudyLabels.slug} hint="2–63 lowercase letters, digits and -, starting with a letter or digit; participants' link ends with it" type="text" required pattern={STUDY_SLUG_PATTERN} />
              <div className="field">
                <label htmlFor="new-template">{newStudyLabels.template}</label>
                <select id="new-template" name="template">
                  {Object.entries(studyTemplates).map(([id, t]) => (
                    <option key={id} value={id}>{t.label}</option>
                  ))}
                </select>
              </div>
              <button className="button" type="submit">Create study</button>
            </ActionForm>
          </section>
          <section>
            <h2>Import a study file</h2>
            <ActionForm action={createStudyAction} fieldLabels={importLabels}>
              <input type="hidden" name="from" value="import" />
              <ActionField id="import-file" name="file" label={importLabels.file} type="file" accept="application/json,.json" required />
              <button className="button" type="submit">Import</button>
            </ActionForm>
          </section>
        </div>
      )}
    </>
  );
}
