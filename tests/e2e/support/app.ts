// The app under test: a fresh embedded database with the demo data, an admin from
// ADMIN_EMAIL/ADMIN_PASSWORD, an editor and a viewer made with the CLI, and an API key
// from VERSO_INIT_API_KEY: the headless set-up a CI job or a container would use.
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startFakeOpenAI, type FakeOpenAI } from '../../support/fake-openai';
import { startOtlpReceiver, type OtlpReceiver } from '../../support/otlp-receiver';
import { E2E_DIST_DIR, ROOT, startServer, type RunningServer } from './server';

export type Role = 'admin' | 'editor' | 'viewer';
export type Account = { email: string; password: string; role: Role };

export const accounts: Record<Role, Account> = {
  admin: { email: 'admin@example.com', password: 'admin-password-e2e', role: 'admin' },
  editor: { email: 'editor@example.com', password: 'editor-password-e2e', role: 'editor' },
  viewer: { email: 'viewer@example.com', password: 'viewer-password-e2e', role: 'viewer' },
};

export const TMP_DIR = path.join(ROOT, 'tests', 'e2e', '.tmp');

export type ApiAnswer = { status: number; body: any };

export type App = {
  url: string;
  /** The admin key from VERSO_INIT_API_KEY. */
  apiKey: string;
  server: RunningServer;
  /** The model: an OpenAI-compatible fake on 127.0.0.1, which OPENAI_BASE_URL points at. */
  model: FakeOpenAI;
  /** Phoenix: an OTLP receiver that also answers Phoenix's spans API (PHOENIX_COLLECTOR_ENDPOINT). */
  phoenix: OtlpReceiver;
  /** Calls the REST API with `key` (default: the init key) and returns status and JSON body. */
  api: (method: string, pathname: string, body?: unknown, key?: string) => Promise<ApiAnswer>;
  stop: () => Promise<void>;
};

const TSX_CLI = path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');

function appEnv(dataDir: string, apiKey: string, model?: FakeOpenAI, phoenix?: OtlpReceiver): Record<string, string> {
  return {
    ...(model ? { OPENAI_API_KEY: 'sk-e2e', OPENAI_BASE_URL: model.url } : {}),
    ...(phoenix ? { PHOENIX_COLLECTOR_ENDPOINT: phoenix.url, PHOENIX_PROJECT_NAME: 'verso-e2e' } : {}),
    VERSO_DATA_DIR: dataDir,
    ADMIN_EMAIL: accounts.admin.email,
    ADMIN_PASSWORD: accounts.admin.password,
    VERSO_INIT_API_KEY: apiKey,
    AUTH_SECRET: crypto.randomBytes(32).toString('base64url'),
    VERSO_SEED_DEMO: '1',
  };
}

/** `npm run cli -- …` on the stopped database (the embedded one belongs to one process at a time). */
function cli(args: string[], env: Record<string, string>) {
  const run = spawnSync(process.execPath, [TSX_CLI, 'lib/cli/main.ts', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: '', ...env },
  });
  if (run.status !== 0) {
    throw new Error(`npm run cli -- ${args.join(' ')} failed (exit ${run.status ?? run.signal}):\n${run.stdout}${run.stderr}`);
  }
  return run.stdout;
}

export async function startApp(): Promise<App> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'verso-e2e-'));
  const apiKey = `vrs_e2e_${crypto.randomBytes(24).toString('base64url')}`;
  const env = appEnv(dataDir, apiKey);
  for (const role of ['editor', 'viewer'] as const) {
    const { email, password } = accounts[role];
    cli(['user', 'create', '--email', email, '--password', password, '--role', role], env);
  }

  const call = async (base: string, method: string, pathname: string, body?: unknown, key = apiKey): Promise<ApiAnswer> => {
    const response = await fetch(base + pathname, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // Not JSON: the test sees the text.
    }
    return { status: response.status, body: parsed };
  };

  const model = await startFakeOpenAI();
  const phoenix = await startOtlpReceiver();
  let server: RunningServer;
  try {
    server = await startServer({
      distDir: E2E_DIST_DIR,
      dataDir,
      env: appEnv(dataDir, apiKey, model, phoenix),
      logFile: path.join(TMP_DIR, 'server.log'),
      // Ready when the API answers with the init key: migrations, admin, key and demo data are done.
      ready: async (url) => (await call(url, 'GET', '/api/v1/prompts?limit=1')).status === 200,
    });
  } catch (error) {
    await Promise.all([model.close(), phoenix.close()]);
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  return {
    url: server.url,
    apiKey,
    server,
    model,
    phoenix,
    api: (method, pathname, body, key) => call(server.url, method, pathname, body, key),
    stop: async () => {
      await server.stop();
      await Promise.all([model.close(), phoenix.close()]);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
