import { NextResponse } from 'next/server';

// A path under /api with a percent-escape that does not decode (`%zz`, a cut-off UTF-8
// sequence like `%E0%A4%A`) makes Next.js fail while matching the route, before any handler
// runs, so no route can answer it in the envelope. The proxy asks here first.

function decodes(segment: string): boolean {
  try {
    decodeURIComponent(segment);
    return true;
  } catch {
    return false;
  }
}

/** 400 in the error envelope for an /api path that cannot be decoded; null for any other path. */
export function malformedApiPath(pathname: string): NextResponse | null {
  if (!pathname.startsWith('/api/') || pathname.split('/').every(decodes)) return null;
  return NextResponse.json(
    { error: { code: 'invalid', message: 'The path holds a percent-escape that does not decode to UTF-8 (e.g. `%zz`); encode `%` as `%25`.' } },
    { status: 400 },
  );
}
