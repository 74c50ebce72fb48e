import { NextResponse } from 'next/server';
import { getActor } from '@/lib/auth/current-actor';
import { AppError, publicMessage } from '@/lib/errors';
import { exportQuerySchema } from '@/lib/analysis/analysis-query-schema';
import { exportResponses } from '@/lib/analysis/export-responses';

export async function GET(req: Request, ctx: { params: Promise<{ id: string }> }) {
  const { id } = await ctx.params;
  try {
    const actor = await getActor();
    if (!actor) throw new AppError('UNAUTHORIZED', 'Please sign in.');
    const query = exportQuerySchema.safeParse(Object.fromEntries(new URL(req.url).searchParams));
    if (!query.success) throw new AppError('BAD_INPUT', 'Use format=csv|json|wide|codebook, version=pooled or a version number, include=all|kept.');
    const file = await exportResponses({ actor, studyId: id, query: query.data });
    return new Response(file.body, {
      headers: { 'Content-Type': file.contentType, 'Content-Disposition': `attachment; filename="${file.fileName}"`, 'Cache-Control': 'no-store' },
    });
  } catch (e) {
    const { status, message } = publicMessage(e);
    return NextResponse.json({ error: message }, { status });
  }
}
