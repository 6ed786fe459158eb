import { NextResponse } from 'next/server';
import { z } from 'zod';
import { toErrorBody } from '@/lib/api/errors';
import { otherMethods } from '@/lib/api/methods';
import { requireRole } from '@/lib/auth/session';
import { listDatasetItems } from '@/lib/datasets/datasets';
import { formatDatasetItems } from '@/lib/datasets/formats';
import { datasetItemsQuery, datasetName } from '@/lib/datasets/schemas';

// The console's download of one version. GET /api/v1/datasets/{name}/items?format= serves the
// same file to an API key; a browser link carries the session cookie, not a key, so the
// console signs in here with the session instead. Same query, same text.
const contentTypes = { csv: 'text/csv; charset=utf-8', jsonl: 'application/jsonl; charset=utf-8' } as const;
const exportQuery = datasetItemsQuery.extend({ format: z.enum(['csv', 'jsonl']) });

export async function GET(request: Request, { params }: { params: Promise<{ name: string }> }) {
  try {
    await requireRole('viewer');
    const name = datasetName.parse((await params).name);
    const query = exportQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
    const { version, items } = await listDatasetItems(name, query.version);
    return new Response(formatDatasetItems(items, query.format), {
      headers: {
        'content-type': contentTypes[query.format],
        'content-disposition': `attachment; filename="${name}-v${version}.${query.format}"`,
        'cache-control': 'private, no-store',
      },
    });
  } catch (error) {
    const { status, body } = toErrorBody(error);
    return NextResponse.json(body, { status });
  }
}

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
