import { NextResponse } from 'next/server';
import { openApi } from '@/lib/api/openapi';

// Public on purpose: the document describes the API, it opens nothing.
export function GET() {
  return NextResponse.json(openApi());
}
