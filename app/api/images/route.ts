import { NextResponse } from 'next/server';
import { researcherRoute } from '@/lib/http/researcher-route';
import { listSourceImages } from '@/lib/images/list-source-images';
import { readUploadForm } from '@/lib/images/read-upload-form';
import { uploadSourceImage } from '@/lib/images/upload-source-image';

// Face detection needs Node (sharp, TF.js wasm), never the edge runtime.
export const runtime = 'nodejs';

const noStore = { 'Cache-Control': 'no-store' };

export const POST = researcherRoute(async ({ req, actor }) => {
  const { fileName, bytes } = await readUploadForm({ request: req });
  const image = await uploadSourceImage({ actor, fileName, bytes });
  return NextResponse.json(image, { status: image.created ? 201 : 200, headers: noStore });
}, { headers: noStore });

export const GET = researcherRoute(async ({ actor }) => NextResponse.json({ images: await listSourceImages({ actor }) }, { headers: noStore }), { headers: noStore });
