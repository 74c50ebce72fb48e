import { AppError } from '@/lib/errors';
import { exportQuerySchema } from '@/lib/analysis/analysis-query-schema';
import { exportResponses } from '@/lib/analysis/export-responses';
import { researcherRoute } from '@/lib/http/researcher-route';

export const GET = researcherRoute<{ id: string }>(async ({ req, actor, params: { id } }) => {
  const query = exportQuerySchema.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  if (!query.success) throw new AppError('BAD_INPUT', 'Use format=csv|json|wide|codebook, version=pooled or a version number, include=all|kept.');
  const file = await exportResponses({ actor, studyId: id, query: query.data });
  return new Response(file.body, {
    headers: { 'Content-Type': file.contentType, 'Content-Disposition': `attachment; filename="${file.fileName}"`, 'Cache-Control': 'no-store' },
  });
});
