import { route } from '@/lib/api/route';
import { listDatasetItems } from '@/lib/datasets/datasets';
import { formatDatasetItems } from '@/lib/datasets/formats';
import { datasetItemsQuery, datasetName } from '@/lib/datasets/schemas';
import { otherMethods } from '@/lib/api/methods';

const contentTypes = { csv: 'text/csv; charset=utf-8', jsonl: 'application/jsonl; charset=utf-8' } as const;

export const GET = route({ role: 'viewer', query: datasetItemsQuery }, async ({ params, query }) => {
  const name = datasetName.parse(params.dataset);
  const result = await listDatasetItems(name, query.version);
  if (query.format === 'json') return result;
  // A file to save: the same text `dataset import` reads back.
  return new Response(formatDatasetItems(result.items, query.format), {
    headers: {
      'content-type': contentTypes[query.format],
      'content-disposition': `attachment; filename="${name}-v${result.version}.${query.format}"`,
      'x-verso-dataset-version': String(result.version),
    },
  });
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
