import type { ProgressView } from '@/lib/participation/describe-progress';

/** The bar and its label (lib/participation/describe-progress.ts decides what both count). */
export function ProgressBar({ progress }: { progress: ProgressView }) {
  return (
    <div className="progress">
      <div className="progress-track" role="progressbar" aria-label="Progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={progress.percent} aria-valuetext={progress.label || undefined}>
        <div className="progress-fill" style={{ width: `${progress.percent}%` }} />
      </div>
      {progress.label && <div className="progress-label">{progress.label}</div>}
    </div>
  );
}
