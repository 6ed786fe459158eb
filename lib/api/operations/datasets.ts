import * as input from '@/lib/datasets/schemas';
import type { Operation } from './operation';

export const datasetOperations: Operation[] = [
  {
    id: 'listDatasets',
    method: 'get',
    path: '/api/v1/datasets',
    summary: 'List datasets',
    description: 'By name, each with its latest version and how many items it holds.',
    role: 'viewer',
    response: { status: 200, schema: input.datasetList, description: 'The datasets' },
  },
  {
    id: 'createDataset',
    method: 'post',
    path: '/api/v1/datasets',
    summary: 'Create a dataset',
    description: `Creates version 1 with the items given (none is fine). At most ${input.MAX_ITEMS_PER_CALL} items a request. An item is \`{ variables, expected?, metadata? }\`.`,
    role: 'editor',
    body: input.newDatasetInput,
    response: { status: 201, schema: input.datasetView, description: 'The new dataset' },
    errors: ['conflict'],
  },
  {
    id: 'getDataset',
    method: 'get',
    path: '/api/v1/datasets/{dataset}',
    summary: 'Get a dataset and its versions',
    role: 'viewer',
    response: { status: 200, schema: input.datasetView, description: 'The dataset, versions newest first' },
    errors: ['not_found'],
  },
  {
    id: 'listDatasetItems',
    method: 'get',
    path: '/api/v1/datasets/{dataset}/items',
    summary: "A version's items, as JSON, CSV or JSONL",
    description:
      'The latest version unless `version` is given. `format=csv` answers `text/csv` and `format=jsonl` answers `application/jsonl` (one item a line), in the format that creating a version with `content` reads; CSV holds text only: variables are columns, `expected` a column, metadata `metadata.<key>` columns, and values that are not strings are written as JSON text.',
    role: 'viewer',
    query: input.datasetItemsQuery,
    response: { status: 200, schema: input.datasetItemsView, description: 'The items in order (for format=json)' },
    errors: ['not_found'],
  },
  {
    id: 'createDatasetVersion',
    method: 'post',
    path: '/api/v1/datasets/{dataset}/versions',
    summary: 'Save a new version of a dataset (or import a CSV or JSONL file)',
    description:
      'Every version is a full, immutable snapshot. `append` keeps the latest version\'s items and adds these after them; `replace` holds only these. Send `items`, or the text of a file as `content` with its `format`: CSV with a header row (`expected` and `metadata.<key>` columns are special, every other column is a variable; every cell is a string), or JSONL with one `{ variables, expected?, metadata? }` a line. A malformed file answers 400 naming the CSV row or JSONL line, and nothing is written.',
    role: 'editor',
    body: input.datasetVersionBody,
    response: { status: 201, schema: input.datasetVersionView, description: 'The new version' },
    errors: ['not_found'],
  },
  {
    id: 'addDatasetItemFromExecution',
    method: 'post',
    path: '/api/v1/datasets/{dataset}/items/from-execution',
    summary: "Add an execution's variables as a new item",
    description:
      "Appends one item (a new version): the execution's variables, `expected` if given, metadata `{ executionId, prompt, version }`, and `sourceExecutionId`.",
    role: 'editor',
    body: input.itemFromExecutionInput,
    response: { status: 201, schema: input.datasetVersionView, description: 'The new version' },
    errors: ['not_found'],
  },
];

export const datasetSchemas = {
  NewDataset: input.newDatasetInput,
  NewDatasetVersion: input.datasetVersionBody,
  DatasetItemFromExecution: input.itemFromExecutionInput,
  Dataset: input.datasetView,
  DatasetList: input.datasetList,
  DatasetVersion: input.datasetVersionView,
  DatasetItems: input.datasetItemsView,
};
