import 'server-only';
// An image of the study version a participant is enrolled in; anyone else is refused.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { getDb } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { getStudyVersion } from '@/lib/studies/get-study-version';
import { imageId as idOf, readImageRef, studyImageRefs } from '@/lib/studies/resolve-image';

const imageIdSchema = z.string().regex(/^[a-f0-9]{20}$/);

export async function getStudyImage(options: { slug: string; imageId: string; participantId: string | null }) {
  const id = imageIdSchema.safeParse(options.imageId);
  if (!id.success) throw new AppError('NOT_FOUND', 'Image not found.');
  if (!options.participantId) throw new AppError('UNAUTHORIZED', 'Open the study link first.');
  const participant = await getDb().participant.findFirst({
    where: { id: options.participantId, study: { slug: options.slug }, status: { in: ['consented', 'completed'] } },
  });
  if (!participant) throw new AppError('FORBIDDEN', 'You are not taking part in this study.');
  const version = await getStudyVersion({ versionId: participant.studyVersionId });
  const ref = studyImageRefs(version.definition).find((r) => idOf(r) === id.data);
  if (!ref) throw new AppError('NOT_FOUND', 'Image not found.');
  const image = await readImageRef(ref);
  if (!image) throw new AppError('NOT_FOUND', 'Image file is missing.');
  const { bytes, contentType } = image;
  return { bytes, contentType, etag: createHash('sha256').update(bytes).digest('hex').slice(0, 32) };
}
