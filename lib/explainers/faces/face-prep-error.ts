// Expected failures of face preparation, with a stable code the app maps to a user message/HTTP status.
export type FacePrepErrorCode = 'NO_FACE' | 'UNREADABLE_IMAGE' | 'IMAGE_TOO_LARGE' | 'FACE_INDEX_OUT_OF_RANGE';

export class FacePrepError extends Error {
  readonly code: FacePrepErrorCode;
  constructor(code: FacePrepErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FacePrepError';
    this.code = code;
  }
}
