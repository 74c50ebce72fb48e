import { NextResponse } from 'next/server';
import { checkHealth, healthStatusCode } from '@/lib/health';

export const dynamic = 'force-dynamic';

export async function GET() {
  const health = await checkHealth();
  return NextResponse.json(health, { status: healthStatusCode(health), headers: { 'Cache-Control': 'no-store' } });
}
