import { NextResponse } from 'next/server';
import { z } from 'zod';
import { AppError } from '@/lib/errors';
import { researcherRoute } from '@/lib/http/researcher-route';
import { exportStudy } from '@/lib/studies/export-study';

const versionSchema = z.union([z.literal('draft'), z.coerce.number().int().positive()]);

export const GET = researcherRoute<{ id: string }>(async ({ req, actor, params: { id } }) => {
  const version = versionSchema.safeParse(new URL(req.url).searchParams.get('version') ?? 'draft');
  if (!version.success) throw new AppError('BAD_INPUT', 'version must be "draft" or a version number.');
  const file = await exportStudy({ actor, studyId: id, version: version.data });
  return new NextResponse(file.json, {
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Content-Disposition': `attachment; filename="${file.fileName}"`, 'Cache-Control': 'no-store' },
  });
});
