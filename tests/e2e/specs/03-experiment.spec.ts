import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { App } from '../support/app';
import { accounts } from '../support/app';
import { expectText, expectVisible } from '../support/expect';
import { AuditPage } from '../support/pages/audit-page';
import { ExperimentFormPage } from '../support/pages/experiment-form-page';
import { ExperimentPage } from '../support/pages/experiment-page';
import { PromptPage } from '../support/pages/prompt-page';
import { defineSpec } from '../support/runner';
import { ROOT } from '../support/server';

// Issue 3's story: an admin sets up an A/B test between two versions of a prompt in the
// console and starts it; the traffic simulator plays 3,000 users over the HTTP API, as an
// application would; the results page comes to say "ship b"; the admin declares b the winner,
// production moves to b's version, and the audit log has every step.
// A prompt of its own (made over the API), so no demo experiment is running on it.
const PROMPT = 'e2e/onboarding-tip';
const PROMPT_PATH = `/api/v1/prompts/${encodeURIComponent(PROMPT)}`;
const KEY = 'e2e-onboarding-tip';
const NAME = 'Friendlier onboarding tip';
const METRIC = 'clicked';
const UNITS = 3_000;
const RATES = { control: 0.1, b: 0.25 };
// 3,750 resolves take about a minute on a busy 2-core machine: the simulation gets generous
// limits of its own (the test's just above the simulator's, so a stuck run is stopped first).
const SIMULATOR_TIMEOUT_MS = 280_000;
const SIMULATION_TEST_TIMEOUT_MS = 300_000;

type Simulation = { code: number | null; signal: NodeJS.Signals | null; output: string; ms: number };

/** `npm run cli -- simulate …` as a child process, against the running server, over HTTP only. */
function simulate(app: App, args: string[]): Promise<Simulation> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', 'cli', '--', 'simulate', ...args], {
      cwd: ROOT,
      // Its own process group, so that a stuck run can be stopped with everything it started.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      // No database: the simulator must manage with the URL and the key.
      env: { ...process.env, DATABASE_URL: '', VERSO_DATA_DIR: '/nonexistent', VERSO_API_KEY: '' },
    });
    let output = '';
    for (const stream of [child.stdout, child.stderr]) stream.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }, SIMULATOR_TIMEOUT_MS);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, output, ms: Date.now() - started });
    });
  });
}

/** The summary's per-variant rows: `control  v1  1,872  1,500  10.2% (10.0%)`. */
function summaryRows(output: string): Map<string, { version: number; executions: number; users: number }> {
  const rows = new Map<string, { version: number; executions: number; users: number }>();
  for (const m of output.matchAll(/^ {2}(control|b) +v(\d+) +([\d,]+) +([\d,]+) +/gm)) {
    rows.set(m[1]!, { version: Number(m[2]), executions: Number(m[3]!.replace(/,/g, '')), users: Number(m[4]!.replace(/,/g, '')) });
  }
  return rows;
}

export default defineSpec(
  'An experiment from setup to a shipped winner',
  (test) => {
    let resolves = 0;

    test('an application publishes two versions of a prompt over the API', async ({ app }) => {
      const created = await app.api('POST', '/api/v1/prompts', {
        name: PROMPT,
        description: 'The tip shown to a new user after sign-up.',
        template: 'Tip for {{ name }}: the dashboard lists your projects.',
        commitMessage: 'Plain tip',
        labels: ['production'],
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const second = await app.api('POST', `${PROMPT_PATH}/versions`, {
        template: 'Welcome aboard, {{ name }}! Create your first project: it takes a minute.',
        commitMessage: 'Friendlier, with a call to action',
      });
      assert.equal(second.status, 201, JSON.stringify(second.body));
      assert.equal(second.body.version, 2);
      const production = await app.api('GET', PROMPT_PATH);
      assert.equal(production.body.version, 1);
    });

    test('an admin creates the experiment in the console', async ({ as, app, screenshot }) => {
      const page = await as('admin');
      await page.goto('/experiments');
      await expectVisible(page.getByTestId('experiment-list'));
      await page.getByTestId('new-experiment').click();
      await expectVisible(page.getByTestId('experiment-form'));
      const form = new ExperimentFormPage(page);
      await form.fill({
        prompt: PROMPT,
        name: NAME,
        key: KEY,
        variants: [
          { key: 'control', version: 1, weight: 1 },
          { key: 'b', version: 2, weight: 1 },
        ],
        metric: { name: METRIC, type: 'binary' },
      });
      await screenshot(page, 'experiment-new');
      await form.create(KEY);

      const experiment = new ExperimentPage(page);
      await experiment.expectStatus('draft');
      await experiment.expectVerdict('draft');
      await expectText(page.getByTestId('experiment-prompt-link'), PROMPT);
      const api = await app.api('GET', `/api/v1/experiments/${KEY}`);
      assert.equal(api.status, 200, JSON.stringify(api.body));
      assert.equal(api.body.status, 'draft');
      assert.deepEqual(
        api.body.variants.map((v: { key: string; version: number; control: boolean }) => [v.key, v.version, v.control]),
        [
          ['control', 1, true],
          ['b', 2, false],
        ],
      );
      // The form says how the metric is analysed (per unit by default) and picks the peeking-safe method.
      assert.deepEqual(api.body.primaryMetric, { name: METRIC, type: 'binary', direction: 'increase', per: 'unit' });
      assert.equal(api.body.method, 'sequential');
    });

    test('the admin starts it after a confirmation', async ({ as, app }) => {
      const page = await as('admin');
      const experiment = new ExperimentPage(page);
      await experiment.goto(KEY);
      const dialog = await experiment.transition('start-experiment');
      assert.match(dialog, new RegExp(`Start ${KEY}\\?`));
      assert.match(dialog, new RegExp(`every user asking for ${PROMPT} with a unit id gets one of the variants`));
      await experiment.expectStatus('running');
      await expectVisible(page.getByTestId('auto-refresh'));
      const api = await app.api('GET', `/api/v1/experiments/${KEY}`);
      assert.equal(api.body.status, 'running');
    });

    test('once it runs, the analysis plan is fixed for an editor and only guardrails and the minimum sample open for an admin', async ({ as }) => {
      const editorPage = await as('editor');
      await editorPage.goto(`/experiments/${KEY}`);
      const plan = editorPage.getByTestId('analysis-plan-form');
      await expectVisible(plan);
      await expectText(plan.getByTestId('primary-metric-locked'), /Fixed since the experiment started/);
      await expectText(plan.getByTestId('guardrails-locked'), /only an admin may change this/);
      assert.equal(await plan.getByTestId('metric-name').isDisabled(), true, 'primary metric');
      assert.equal(await plan.getByTestId('experiment-alpha').isDisabled(), true, 'alpha');
      assert.equal(await plan.getByTestId('experiment-min-sample-size').isDisabled(), true, 'minimum sample, for an editor');
      assert.equal(await plan.getByTestId('save-analysis-plan').count(), 0, 'no save button for an editor');

      const adminPage = await as('admin');
      await adminPage.goto(`/experiments/${KEY}`);
      const adminPlan = adminPage.getByTestId('analysis-plan-form');
      await expectVisible(adminPlan.getByTestId('save-analysis-plan'));
      assert.equal(await adminPlan.getByTestId('metric-name').isDisabled(), true, 'primary metric, even for an admin');
      assert.equal(await adminPlan.getByTestId('experiment-min-sample-size').isDisabled(), false, 'minimum sample, for an admin');
    });

    test('the traffic simulator plays 3,000 users over the HTTP API', async ({ app }) => {
      const run = await simulate(app, [
        '--experiment',
        KEY,
        '--units',
        String(UNITS),
        '--rates',
        Object.entries(RATES)
          .map(([k, r]) => `${k}=${r}`)
          .join(','),
        '--url',
        app.url,
        '--key',
        app.apiKey,
      ]);
      const seconds = (run.ms / 1000).toFixed(1);
      assert.equal(run.code, 0, `the simulator exited with ${run.code ?? run.signal} after ${seconds} s:\n${run.output.slice(-3_000)}`);
      const done = /Done in [\d.]+ s: ([\d,]+) resolves and ([\d,]+) metrics calls \(([\d,]+) values\), (\d+) errors.*/.exec(run.output);
      assert.ok(done, `no summary in the simulator's output:\n${run.output.slice(-3_000)}`);
      console.log(`      (the simulator took ${seconds} s in all; ${done[0]})`);
      resolves = Number(done[1]!.replace(/,/g, ''));
      // A fifth of the requests are users coming back.
      assert.equal(resolves, Math.round(UNITS / 0.8), 'resolves');
      assert.equal(Number(done[3]!.replace(/,/g, '')), resolves, 'one outcome per execution');
      assert.equal(done[4], '0', 'errors');
      assert.match(run.output, /Stickiness: [\d,]+ returning requests, each got the user's first variant\./);
      assert.match(run.output, /Results now: b beats control on clicked/);

      // Every answered resolve is a row the results count: none lost, none counted twice.
      const rows = summaryRows(run.output);
      assert.deepEqual([...rows.keys()], ['control', 'b'], run.output);
      assert.equal(rows.get('control')!.users + rows.get('b')!.users, UNITS, 'users');
      const results = await app.api('GET', `/api/v1/experiments/${KEY}/results`);
      assert.equal(results.status, 200, JSON.stringify(results.body));
      for (const v of results.body.variants as { key: string; executions: number }[]) {
        assert.equal(v.executions, rows.get(v.key)!.executions, `executions of ${v.key}`);
      }
      assert.equal(rows.get('control')!.executions + rows.get('b')!.executions, resolves);
    }, { timeoutMs: SIMULATION_TEST_TIMEOUT_MS });

    test('the list and the results page come to show b as a significant winner', async ({ as, screenshot }) => {
      const page = await as('admin');
      await page.goto('/experiments');
      const row = page.getByTestId(`experiment-row-${KEY}`);
      await expectText(row, NAME);
      await expectText(row, 'running');
      await expectText(row, /started (just now|\d+ min ago)/);
      // Units are distinct users: returning users are counted once.
      await expectText(row, UNITS.toLocaleString('en-US'));
      await expectText(row, /\bb\b.*significant/s);
      await screenshot(page, 'experiments');

      const experiment = new ExperimentPage(page);
      await experiment.goto(KEY);
      const recommendation = await experiment.reloadUntilVerdict('ship', 60_000);
      assert.match(recommendation, /b beats control on clicked by \+\d/);
      assert.match(recommendation, /ready to ship b/);
      assert.equal(await page.getByTestId('srm-warning').count(), 0, 'no sample ratio mismatch');
      await expectText(page.getByTestId('variant-progress-control'), 'target reached');
      await expectText(page.getByTestId('variant-progress-b'), 'target reached');
      // The sample counts users (units), not requests; the form's default method is peeking-safe.
      await expectText(page.getByTestId('variant-units-b'), /[\d,]+ \/ [\d,]+ units/);
      await expectText(page.getByTestId('method-badge'), 'sequential · peeking-safe');
      await expectText(page.getByTestId('analysis-method'), 'sequential · peeking-safe');
      await expectVisible(page.getByTestId('segment-form'));
      await expectVisible(page.getByTestId(`metric-table-${METRIC}`));
      await expectText(page.getByTestId(`metric-row-${METRIC}-b`), /%/);
      await expectVisible(page.getByTestId('cumulative-chart'));
      // The recommended variant is the one the page offers to ship first.
      await expectText(page.getByTestId('declare-winner-b'), 'Ship b (v2)');
      await screenshot(page, 'experiment-results');
    });

    test('the admin declares b the winner and production moves to its version', async ({ as, app, screenshot }) => {
      const page = await as('admin');
      const experiment = new ExperimentPage(page);
      await experiment.goto(KEY);
      const dialog = await experiment.openDeclareWinner('b');
      // The confirmation names the version it deploys and the one it replaces.
      await expectText(dialog, `Deploy version 2 of ${PROMPT} to production and complete this experiment?`);
      await expectText(dialog, `get v2 instead of v1`);
      await experiment.confirmDeclareWinner();

      await experiment.expectStatus('completed', 30_000);
      await experiment.expectText('experiment-winner', 'winner: b');
      await experiment.expectText('winner-deployed', `b won: version 2 of ${PROMPT} was deployed to production`);
      await experiment.expectText('winner-deployed', 'It is still in production.');
      assert.equal(await page.getByTestId('declare-winner').count(), 0, 'nothing left to declare');
      // The pointer rests where the dialog's button was, over the chart: its tooltip would hide the lines.
      await page.mouse.move(0, 0);
      await screenshot(page, 'experiment-winner');

      const prompt = new PromptPage(page);
      await page.getByTestId('experiment-prompt-link').click();
      await expectVisible(page.getByTestId('version-history'));
      await prompt.expectDeployed(2);
      await expectText(await prompt.newestMove('production'), `winner of experiment ${KEY}`);

      const served = await app.api('GET', PROMPT_PATH);
      assert.equal(served.status, 200);
      assert.equal(served.body.version, 2);
      assert.ok(served.body.labels.includes('production'), `labels: ${served.body.labels}`);
      // The experiment no longer assigns: a new user gets production, now b's version.
      const resolved = await app.api('POST', `${PROMPT_PATH}/resolve`, { unitId: 'user-after-the-test', variables: { name: 'Ada' } });
      assert.equal(resolved.status, 200, JSON.stringify(resolved.body));
      assert.equal(resolved.body.version, 2);
      assert.equal(resolved.body.experiment, null);
      assert.equal(resolved.body.text, 'Welcome aboard, Ada! Create your first project: it takes a minute.');
    });

    test('the audit log has every step of the experiment and the label move', async ({ as, screenshot }) => {
      const page = await as('admin');
      const audit = new AuditPage(page);
      const admin = accounts.admin.email;

      await audit.goto({ entityId: KEY });
      const steps = await audit.rows();
      // Newest first.
      const expected: [string, RegExp][] = [
        ['experiment.winner_declared', /"winner":"b"/],
        ['experiment.started', /"status":"running"/],
        ['experiment.created', new RegExp(KEY)],
      ];
      assert.equal(steps.length, expected.length, `audit rows for ${KEY}:\n${steps.join('\n')}`);
      expected.forEach(([action, detail], i) => {
        const row = steps[i]!;
        assert.ok(row.includes(admin) && row.includes(action) && detail.test(row), `row ${i + 1} should be ${action} by ${admin}: ${row}`);
      });
      await screenshot(page, 'experiment-audit');

      await audit.goto({ entityId: PROMPT, action: 'label.moved' });
      const moves = await audit.rows();
      // The winner's deploy (from v1; that it is v2 now, the prompt page and the API said), then
      // the API key's first deploy of v1.
      assert.equal(moves.length, 2, `label moves of ${PROMPT}:\n${moves.join('\n')}`);
      assert.ok(
        moves[0]!.includes(admin) && /"version":1\}.*"reason":"winner of experiment/.test(moves[0]!),
        `the newest move should be the winner's deploy, from v1: ${moves[0]}`,
      );
    });
  },
  { serial: true },
);
