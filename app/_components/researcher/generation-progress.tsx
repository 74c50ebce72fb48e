'use client';
// Live progress of a study's generated images (Server-Sent Events from the job queue): an overall bar,
// each job's state and progress, and failures with their reasons.
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';

interface Job {
  stimulusId: string;
  status: string;
  progress: number;
  message: string | null;
  error: string | null;
  method: string;
  model: string;
  sourceRef: string;
}

export function GenerationProgress({ studyId, refreshWhenDone }: { studyId: string; refreshWhenDone?: boolean }) {
  const router = useRouter();
  const [jobs, setJobs] = useState<Job[]>([]);
  const [complete, setComplete] = useState(false);
  const [lost, setLost] = useState(false);

  useEffect(() => {
    const source = new EventSource(`/api/studies/${studyId}/stimuli/events`);
    source.addEventListener('jobs', (e) => setJobs(JSON.parse((e as MessageEvent<string>).data) as Job[]));
    source.addEventListener('complete', () => {
      setComplete(true);
      source.close();
      if (refreshWhenDone) router.refresh();
    });
    source.onerror = () => setLost(source.readyState === EventSource.CLOSED);
    return () => source.close();
  }, [studyId, refreshWhenDone, router]);

  const done = jobs.filter((j) => j.status === 'done').length;
  const failed = jobs.filter((j) => j.status === 'failed');
  const overall = jobs.length ? jobs.reduce((s, j) => s + (j.status === 'done' ? 1 : j.progress), 0) / jobs.length : 0;
  const pct = Math.round(overall * 100);
  return (
    <section className="notice generation" aria-live="polite" data-testid="generation-progress">
      <strong>Generating explanations</strong>: {done} of {jobs.length} done{failed.length ? `, ${failed.length} failed` : ''}
      {complete && ' — finished.'}
      <div className="progress-track" role="progressbar" aria-label="Generation progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct}>
        <div className="progress-fill" style={{ width: `${pct}%` }} />
      </div>
      <ul className="job-list">
        {jobs.map((j) => (
          <li key={j.stimulusId} data-status={j.status}>
            <code>{j.method}</code> · {j.model} · {j.sourceRef.replace(/^faces:/, '')}: {j.status}
            {j.status === 'running' && ` ${Math.round(j.progress * 100)}%${j.message ? ` (${j.message})` : ''}`}
            {j.error && <span className="error"> — {j.error}</span>}
          </li>
        ))}
      </ul>
      {lost && <p className="muted">Lost the connection to the progress stream; reload the page.</p>}
    </section>
  );
}
