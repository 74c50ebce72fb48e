// One error type for expected failures. Its code maps to an HTTP status in one table; the message is
// written for the person who sees it. Anything else is unexpected: logged, never shown verbatim.
export const errorStatus = {
  BAD_INPUT: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  GONE: 410,
  TOO_LARGE: 413,
  UNSUPPORTED_MEDIA: 415,
  UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export class AppError extends Error {
  readonly code: ErrorCode;
  /** Optional field-level detail, e.g. { answer: 'Choose at most 2 options' }. */
  readonly fields?: Record<string, string>;

  constructor(code: ErrorCode, message: string, fields?: Record<string, string>) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.fields = fields;
  }

  get status(): number {
    return errorStatus[this.code];
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

/** The message a user may see for any thrown value; unexpected errors are logged here. */
export function publicMessage(e: unknown): { status: number; message: string; fields?: Record<string, string> } {
  if (isAppError(e)) return { status: e.status, message: e.message, fields: e.fields };
  console.error('[unexpected error]', e);
  return { status: 500, message: 'Something went wrong on our side. Please try again.' };
}
