import { notFound } from 'next/navigation';
import { requireActorForPage } from '@/lib/auth/current-actor';
import { isAppError } from '@/lib/errors';
import { listAuditEvents } from '@/lib/studies/list-audit-events';

export default async function AuditPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requireActorForPage();
  let events;
  try {
    events = await listAuditEvents({ actor, studyId: id });
  } catch (e) {
    if (isAppError(e) && (e.code === 'NOT_FOUND' || e.code === 'FORBIDDEN')) notFound();
    throw e;
  }
  return (
    <>
      <h1>Audit trail</h1>
      <table className="table">
        <thead><tr><th scope="col">When (UTC)</th><th scope="col">Who</th><th scope="col">What</th><th scope="col">Details</th></tr></thead>
        <tbody>
          {events.map((e) => (
            <tr key={e.id}>
              <td>{e.createdAt.toISOString().slice(0, 19).replace('T', ' ')}</td>
              <td>{e.actorEmail ?? 'system'}</td>
              <td>{e.action}</td>
              <td><code>{e.detail}</code></td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
