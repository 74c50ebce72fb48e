import Link from 'next/link';
import { notFound } from 'next/navigation';
import { requireActorForPage } from '@/lib/auth/current-actor';
import { getEnv } from '@/lib/env';
import { isAppError } from '@/lib/errors';
import { listEditorImages } from '@/lib/images/list-editor-images';
import { listExplainers } from '@/lib/explainers/registry';
import { listModels } from '@/lib/explainers/models/registry';
import { getStudyForEditing } from '@/lib/studies/get-study-for-editing';
import { listCollaborators } from '@/lib/studies/manage-collaborators';
import { StudyEditor } from '@/app/_components/editor/study-editor';
import { ActionForm } from '@/app/_components/researcher/action-form';
import { GenerationProgress } from '@/app/_components/researcher/generation-progress';
import { PublishForm } from '@/app/_components/researcher/publish-form';
import { addCollaboratorAction, publishAction, removeCollaboratorAction, saveDraftAction, setStatusAction } from '../actions';

export default async function StudyPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requireActorForPage();
  let data;
  try {
    data = await getStudyForEditing({ actor, studyId: id });
  } catch (e) {
    if (isAppError(e) && (e.code === 'NOT_FOUND' || e.code === 'FORBIDDEN')) notFound();
    throw e;
  }
  const { study, can, versions } = data;
  const collaborators = can.share ? await listCollaborators({ actor, studyId: id }) : [];
  const images = await listEditorImages({ actor, studyId: id, draft: data.draft, canPreview: can.preview });
  const methods = listExplainers().map((e) => ({ id: e.id, kind: e.kind }));
  const models = listModels().map((m) => m.id);
  const link = `${getEnv().PUBLIC_URL}/s/${study.slug}`;

  return (
    <>
      <h1>{study.title}</h1>
      <p>
        Status: <strong data-testid="study-status">{study.status}</strong>
        {study.status !== 'draft' && (
          <>
            {' '}· Participant link: <a href={link} data-testid="participant-link">{link}</a>
          </>
        )}
        {study.source === 'file' && <span className="muted"> · defined by a file in studies/ (read-only here)</span>}
      </p>
      <p className="actions">
        {can.preview && <Link className="button secondary" href={`/studies/${id}/preview`}>Preview</Link>}
        {can.preview && <Link className="button secondary" href={`/studies/${id}/stimuli`}>Review stimuli</Link>}
        {can.results && study.status !== 'draft' && <Link className="button secondary" href={`/studies/${id}/results`}>Results</Link>}
        {can.audit && <Link className="button secondary" href={`/studies/${id}/audit`}>Audit trail</Link>}
        {can.export && study.source === 'ui' && <a className="button secondary" href={`/api/studies/${id}/export?version=draft`}>Export draft</a>}
      </p>

      {data.generation.total > 0 && !data.generation.ready && (
        <>
          <p className="muted">The participant link opens once every generated image is finished.</p>
          <GenerationProgress studyId={id} refreshWhenDone />
        </>
      )}
      <div className="two-col">
        {can.publish && study.source === 'ui' && (
          <PublishForm action={publishAction.bind(null, id)} studyId={id} />
        )}
        {can.close && study.status !== 'draft' && (
          <ActionForm action={setStatusAction.bind(null, id)}>
            <input type="hidden" name="status" value={study.status === 'closed' ? 'published' : 'closed'} />
            <button className="button secondary" type="submit">{study.status === 'closed' ? 'Reopen study' : 'Close study'}</button>
          </ActionForm>
        )}
      </div>

      <h2>Versions</h2>
      {versions.length === 0 ? (
        <p>Not published yet.</p>
      ) : (
        <table className="table">
          <thead><tr><th scope="col">Version</th><th scope="col">Published</th><th scope="col">Participants</th><th scope="col">File</th></tr></thead>
          <tbody>
            {versions.map((v) => (
              <tr key={v.id}>
                <td>{v.version}</td>
                <td>{v.publishedAt.toISOString().slice(0, 16).replace('T', ' ')}</td>
                <td>{v.participants}</td>
                <td>{can.export && <a href={`/api/studies/${id}/export?version=${v.version}`}>Export</a>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      {can.share && (
        <>
          <h2>Collaborators</h2>
          <ul>
            {collaborators.map((c) => (
              <li key={c.id}>
                {c.user.email} — {c.role}{' '}
                <ActionForm action={removeCollaboratorAction.bind(null, id, c.userId)} className="inline">
                  <button className="linklike" type="submit">Remove</button>
                </ActionForm>
              </li>
            ))}
          </ul>
          <ActionForm action={addCollaboratorAction.bind(null, id)} className="row">
            <div className="field"><label htmlFor="collab-email">Email</label><input id="collab-email" name="email" type="email" required /></div>
            <div className="field">
              <label htmlFor="collab-role">Role</label>
              <select id="collab-role" name="role"><option value="editor">Editor</option><option value="analyst">Analyst</option></select>
            </div>
            <button className="button secondary" type="submit">Share</button>
          </ActionForm>
        </>
      )}

      <h2>{can.edit ? 'Edit draft' : 'Definition'}</h2>
      {data.draft === null ? (
        <p>No definition yet.</p>
      ) : (
        <StudyEditor initialDraft={data.draft} initialIssues={data.issues} readOnly={!can.edit} imageChoices={images.choices} imageInfo={images.info} methods={methods} models={models} save={saveDraftAction.bind(null, id)} />
      )}
    </>
  );
}
