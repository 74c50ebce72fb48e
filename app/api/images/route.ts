import { NextResponse } from 'next/server';
import { getActor } from '@/lib/auth/current-actor';
import { AppError, publicMessage } from '@/lib/errors';
import { listSourceImages } from '@/lib/images/list-source-images';
import { readUploadForm } from '@/lib/images/read-upload-form';
import { uploadSourceImage } from '@/lib/images/upload-source-image';

// Face detection needs Node (sharp, TF.js wasm), never the edge runtime.
export const runtime = 'nodejs';

function errorResponse(e: unknown) {
  const { status, message } = publicMessage(e);
  return NextResponse.json({ error: message }, { status, headers: { 'Cache-Control': 'no-store' } });
}

export async function POST(req: Request) {
  try {
    const actor = await getActor();
    if (!actor) throw new AppError('UNAUTHORIZED', 'Please sign in.');
    const { fileName, bytes } = await readUploadForm({ request: req });
    const image = await uploadSourceImage({ actor, fileName, bytes });
    return NextResponse.json(image, { status: image.created ? 201 : 200, headers: { 'Cache-Control': 'no-store' } });
  } catch (e) {
    return errorResponse(e);
  }
}

export async function GET() {
  try {
    const actor = await getActor();
    if (!actor) throw new AppError('UNAUTHORIZED', 'Please sign in.');
    return NextResponse.json({ images: await listSourceImages({ actor }) }, { headers: { 'Cache-Control': 'no-store' } });
  } catch (e) {
    return errorResponse(e);
  }
}
