import { NextResponse } from 'next/server';
import { openApi } from '@/lib/api/openapi';
import { otherMethods } from '@/lib/api/methods';

// Public on purpose: the document describes the API, it opens nothing.
export function GET() {
  return NextResponse.json(openApi());
}

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
