import { NextResponse } from 'next/server';
import { z } from 'zod';
import { getActor } from '@/lib/auth/current-actor';
import { exportStudy } from '@/lib/studies/export-study';
import { AppError, publicMessage } from '@/lib/errors';

const versionSchema = z.union([z.literal('draft'), z.coerce.number().int().positive()]);

export async function GET(req: Request, ctx: { params: Promise<{ id: string }> }) {
  const { id } = await ctx.params;
  try {
    const actor = await getActor();
    if (!actor) throw new AppError('UNAUTHORIZED', 'Please sign in.');
    const version = versionSchema.safeParse(new URL(req.url).searchParams.get('version') ?? 'draft');
    if (!version.success) throw new AppError('BAD_INPUT', 'version must be "draft" or a version number.');
    const file = await exportStudy({ actor, studyId: id, version: version.data });
    return new NextResponse(file.json, {
      headers: { 'Content-Type': 'application/json; charset=utf-8', 'Content-Disposition': `attachment; filename="${file.fileName}"`, 'Cache-Control': 'no-store' },
    });
  } catch (e) {
    const { status, message } = publicMessage(e);
    return NextResponse.json({ error: message }, { status });
  }
}
