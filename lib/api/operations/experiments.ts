import * as input from '@/lib/experiments/schemas';
import * as views from '@/lib/experiments/views-schema';
import { winnerView } from '@/lib/experiments/winner-view';
import type { Operation } from './operation';

export const experimentOperations: Operation[] = [
  {
    id: 'listExperiments',
    method: 'get',
    path: '/api/v1/experiments',
    summary: 'List experiments',
    description: 'Newest first, optionally filtered by status and prompt, each with its executions so far.',
    role: 'viewer',
    query: input.listExperimentsQuery,
    response: { status: 200, schema: views.experimentList, description: 'The experiments' },
    errors: ['not_found'],
  },
  {
    id: 'createExperiment',
    method: 'post',
    path: '/api/v1/experiments',
    summary: 'Create an experiment in draft',
    description:
      '2 to 8 variants with unique keys, each a version of the prompt with a positive weight; at most one is marked control (the first one otherwise). `salt` defaults to the key. `targeting` (optional) is a GrowthBook condition over the attributes sent with resolve/run: units it does not match, like units outside `coverage`, are not in the experiment and get the label (default `production`), not the control.',
    role: 'editor',
    body: input.newExperimentInput,
    response: { status: 201, schema: views.experimentView, description: 'The new experiment' },
    errors: ['not_found', 'conflict'],
  },
  {
    id: 'getExperiment',
    method: 'get',
    path: '/api/v1/experiments/{key}',
    summary: 'Get an experiment, with its GrowthBook definition',
    description:
      "`growthbook` is the experiment as GrowthBook's `Experiment` type takes it (hashAttribute `id`, hashVersion 2, the salt as seed, variant keys as variations, weights normalised to sum 1, coverage, the targeting as condition, meta with the variant keys): a GrowthBook SDK given `{ id: unitId, ...attributes }` as attributes assigns every unit the same variant as Verso, or leaves it out of the experiment where Verso serves the label. Verso serves an experiment only while it is running.",
    role: 'viewer',
    response: { status: 200, schema: views.experimentView, description: 'The experiment and its GrowthBook definition' },
    errors: ['not_found'],
  },
  {
    id: 'editExperiment',
    method: 'patch',
    path: '/api/v1/experiments/{key}',
    summary: 'Edit an experiment',
    description:
      'Only the fields sent change (a field sent with its current value is no change). Variants, weights, coverage, salt and targeting (null removes it) change only in draft (409 afterwards: changing them would move units to other variants; restart as a new experiment instead). Once started, the analysis plan is fixed: `primaryMetric`, `alpha` and `method` answer 409 for everyone, and `guardrailMetrics` and `minSampleSize` need an admin key (403 otherwise; the change is audited with before and after).',
    role: 'editor',
    body: input.editExperimentInput,
    response: { status: 200, schema: views.experimentView, description: 'The experiment after the edit' },
    errors: ['not_found', 'conflict'],
  },
  {
    id: 'transitionExperiment',
    method: 'post',
    path: '/api/v1/experiments/{key}/{transition}',
    summary: 'Start, pause or complete an experiment',
    description:
      'draft → running ⇄ paused → completed. A transition from the wrong state answers 409, and so does starting while another experiment runs on the same prompt.',
    role: 'admin',
    response: { status: 200, schema: views.experimentView, description: 'The experiment in its new state' },
    errors: ['not_found', 'conflict'],
  },
  {
    id: 'declareWinner',
    method: 'post',
    path: '/api/v1/experiments/{key}/winner',
    summary: "Declare a winner and deploy its version to `production`",
    description:
      "Moves `production` to the winning variant's version and completes the experiment, in one transaction. When the variant overrides the model config, its version with the merged config is first saved as a new version, and production moves to that one (`deployed`). A second declaration answers 409.",
    role: 'admin',
    body: input.winnerInput,
    response: { status: 200, schema: winnerView, description: 'The completed experiment with its winner, and the version deployed' },
    errors: ['not_found', 'conflict'],
  },
  {
    id: 'experimentResults',
    method: 'get',
    path: '/api/v1/experiments/{key}/results',
    summary: 'Results of an experiment',
    description:
      "Analysed per randomised unit (`unitId`): each unit's executions become one value (binary: any positive; continuous: the unit's mean or sum), and n, sample-ratio mismatch and progress count units. Metrics with `per: execution` are ratio metrics (delta method). Executions without a unitId are analysed apart (`apart`), never pooled. Per treatment: effect against the control with confidence intervals (relative to |control|), p-values (Holm-adjusted with several treatments; always-valid with the sequential method), chance to beat control and expected loss; guardrail tolerance and a recommendation in words. `?segment=<attribute>` adds the primary metric per value of that attribute, Holm-adjusted across segments.",
    role: 'viewer',
    query: input.resultsQuery,
    response: { status: 200, schema: views.experimentResultsView, description: 'The analysis as of now' },
    errors: ['not_found'],
  },
];

export const experimentSchemas = {
  NewExperiment: input.newExperimentInput,
  EditExperiment: input.editExperimentInput,
  Winner: input.winnerInput,
  Experiment: views.experimentView,
  ExperimentList: views.experimentList,
  ExperimentResults: views.experimentResultsView,
};
