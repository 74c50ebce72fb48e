// The version of the face preparation (lib/explainers/faces/prepare-face.ts). It changes whenever the
// aligned face of the same photo changes, and it is part of every stimulus id, so an image computed
// from an older alignment is never served for a new request (a stored image is otherwise found by its
// spec, which names the photo but not how it was aligned). Kept apart from prepare-face.ts so the id
// can be computed without loading TensorFlow.js.
//   1: edge pixels replicated outside the photo.
//   2: outside the photo is mid-grey (OUTSIDE_FILL); everything inside unchanged.
export const FACE_PREPARATION_VERSION = 2;
