import { NextResponse } from 'next/server';
import { otherMethods } from '@/lib/api/methods';
import { route } from '@/lib/api/route';
import { matchesEtag } from '@/lib/serving/etag';
import { servingSnapshot } from '@/lib/serving/snapshot';

export const GET = route({ role: 'service' }, async ({ request }) => {
  const snapshot = await servingSnapshot();
  // no-cache: a cache may keep it but must ask again (If-None-Match) before each use.
  const headers = { ETag: `"${snapshot.revision}"`, 'Cache-Control': 'no-cache' };
  if (matchesEtag(request.headers.get('if-none-match'), snapshot.revision)) return new Response(null, { status: 304, headers });
  return NextResponse.json(snapshot, { headers });
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
