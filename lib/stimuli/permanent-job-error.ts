// A job failure that would repeat on every attempt: the photo has no face, the requested face index
// does not exist, the source image is gone or changed, the stored spec does not parse. The worker
// fails such a job at once with this message instead of spending the retry limit recomputing the same
// failure (retries are for what may pass next time: a worker killed, memory, a database hiccup).
export class PermanentJobError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PermanentJobError';
  }
}

export function isPermanentJobError(e: unknown): e is PermanentJobError {
  return e instanceof PermanentJobError;
}
