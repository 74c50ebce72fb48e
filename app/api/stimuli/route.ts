// Request a stimulus for a study (researchers who may edit it). Answers at once: 202 with the id while
// it is generated, 200 when it already exists.
import { NextResponse } from 'next/server';
import { z } from 'zod';
import { AppError } from '@/lib/errors';
import { researcherRoute } from '@/lib/http/researcher-route';
import { requestStudyStimulus } from '@/lib/stimuli/request-study-stimulus';
import { renderOptionsSchema } from '@/lib/stimuli/stimulus-spec';

const bodySchema = z.object({
  studyId: z.string().min(1),
  ref: z.string().min(1),
  faceIndex: z.number().int().min(0).optional(),
  model: z.string().min(1),
  target: z.string().optional(),
  method: z.string().min(1),
  params: z.record(z.string(), z.unknown()).optional(),
  seed: z.number().int().min(0).optional(),
  render: renderOptionsSchema.optional(),
});

export const POST = researcherRoute(async ({ req, actor }) => {
  // JSON only: a text/plain body is what a cross-site form or no-preflight fetch would send.
  if (!/^application\/json\b/i.test(req.headers.get('content-type') ?? '')) throw new AppError('UNSUPPORTED_MEDIA', 'Send the request as application/json.');
  const body = bodySchema.safeParse(await req.json().catch(() => null));
  if (!body.success) throw new AppError('BAD_INPUT', `Invalid request: ${body.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const { studyId, ...request } = body.data;
  const r = await requestStudyStimulus({ actor, studyId, request });
  return NextResponse.json(
    { id: r.stimulusId, status: r.status, image: `/api/stimuli/${r.stimulusId}`, events: `/api/stimuli/${r.stimulusId}/events` },
    { status: r.status === 'done' ? 200 : 202 },
  );
});
