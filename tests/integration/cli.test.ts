// The CLI as scripts use it: a child process on its own embedded database (in both test
// projects), opened here afterwards to check what it did.
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, openPglite, useDatabase, type DatabaseHandle } from '@/db/client';
import { migrate } from '@/db/migrate';
import { listAuditLog } from '@/lib/audit/log';
import { authenticateApiKey, listApiKeys } from '@/lib/auth/api-keys';
import { systemActor } from '@/lib/auth/roles';
import { verifyLogin } from '@/lib/auth/users';
import { listPrompts } from '@/lib/prompts/registry';

const root = path.resolve(import.meta.dirname, '..', '..');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'verso-cli-'));
const CLI_TIMEOUT = 90_000;

type Run = { code: number | null; stdout: string; stderr: string };

function cli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'lib/cli/main.ts', ...args], {
    cwd: root,
    env: { ...process.env, VERSO_DATA_DIR: dataDir, VERSO_SEED_DEMO: '0', DATABASE_URL: '', ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

const lines = (text: string) => text.trim().split('\n');

/** Opens a database in this process for the duration of `check`, as the CLI's next user would. */
async function inspect<T>(open: () => Promise<DatabaseHandle>, check: () => Promise<T>): Promise<T> {
  const handle = await open();
  useDatabase(handle);
  try {
    return await check();
  } finally {
    useDatabase(undefined);
    await handle.close();
  }
}
const inspectDataDir = <T>(check: () => Promise<T>) => inspect(() => openPglite(dataDir), check);

/** A live process whose pid stands in for a running server's in the lock file. */
function holdDataDir(): ChildProcess {
  const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 600000)']);
  fs.writeFileSync(path.join(dataDir, 'verso.lock'), String(sleeper.pid));
  return sleeper;
}
const release = (sleeper: ChildProcess) => new Promise((resolve) => sleeper.once('exit', resolve).kill());

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('cli on the embedded database', () => {
  it('creates an API key and prints it alone on the last line; the key then authenticates', { timeout: CLI_TIMEOUT }, async () => {
    const run = await cli(['apikey', 'create', '--name', 'ci', '--role', 'editor']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const key = lines(run.stdout).at(-1)!;
    expect(key).toMatch(/^vrs_[\w-]{40,}$/);
    const actor = await inspectDataDir(() => authenticateApiKey(key));
    expect(actor).toMatchObject({ type: 'api_key', name: 'key:ci', role: 'editor' });
  });

  it('creates a user who can then sign in', { timeout: CLI_TIMEOUT }, async () => {
    const run = await cli(['user', 'create', '--email', 'Ops@Example.com', '--password', 'correct horse', '--role', 'viewer']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Created user ops@example.com (role viewer).');
    const user = await inspectDataDir(() => verifyLogin('ops@example.com', 'correct horse'));
    expect(user).toMatchObject({ email: 'ops@example.com', role: 'viewer', disabled: false });
  });

  it('resets a password for a locked-out user, printing the one-time password alone on the last line', { timeout: CLI_TIMEOUT }, async () => {
    const run = await cli(['user', 'reset-password', '--email', 'OPS@example.com']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const oneTime = lines(run.stdout).at(-1)!;
    expect(oneTime).toMatch(/^[\w-]{16}$/);
    const [signedIn, oldRefused] = await inspectDataDir(async () => [
      await verifyLogin('ops@example.com', oneTime),
      await verifyLogin('ops@example.com', 'correct horse').then(() => false, () => true),
    ]);
    expect(signedIn).toMatchObject({ email: 'ops@example.com' });
    expect(oldRefused).toBe(true);

    const unknown = await cli(['user', 'reset-password', '--email', 'nobody@example.com']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr.trim()).toBe('error: No user with email nobody@example.com.');
  });

  it('refuses in one line, exit 1, while a running server holds the database, and changes nothing', { timeout: CLI_TIMEOUT }, async () => {
    const sleeper = holdDataDir();
    let run: Run;
    try {
      run = await cli(['apikey', 'create', '--name', 'second', '--role', 'admin']);
    } finally {
      await release(sleeper);
    }
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(lines(run.stderr)).toHaveLength(1);
    expect(run.stderr).toContain(`is in use by a running Verso server (pid ${sleeper.pid})`);
    const keys = await inspectDataDir(() => listApiKeys(systemActor));
    expect(keys.map((k) => k.name)).toEqual(['ci']);
  });

  it('imports prompt files, reporting a bad file with its path and line and writing nothing', { timeout: 2 * CLI_TIMEOUT }, async () => {
    const dir = path.join(dataDir, 'prompt-files');
    fs.mkdirSync(path.join(dir, 'support'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'support', 'reply.yaml'), 'type: text\ntemplate: Hello {{ name }}\n');
    fs.writeFileSync(path.join(dir, 'broken.yaml'), 'name: broken\ntemplate: |\n  fine\n  {{ name \n');
    const refused = await cli(['prompts', 'import', dir]);
    expect(refused.code).toBe(1);
    expect(lines(refused.stderr)).toEqual([
      expect.stringMatching(new RegExp(`^${path.join(dir, 'broken.yaml')}:4: Template error at line 2`)),
      'error: 1 file has errors; nothing was imported.',
    ]);
    fs.rmSync(path.join(dir, 'broken.yaml'));
    const imported = await cli(['prompts', 'import', dir, '--label', 'staging']);
    expect(imported.code).toBe(0);
    expect(lines(imported.stdout)).toEqual([
      expect.stringMatching(/^created +support\/reply v1 .*; staging → v1$/),
      '1 file: 1 created, 0 new version, 0 unchanged.',
    ]);
    const prompts = await inspectDataDir(() => listPrompts({ limit: 10 }));
    expect(prompts.data.map((p) => [p.name, p.labels])).toEqual([['support/reply', { staging: 1, latest: 1 }]]);
  });

  it('names who imported in the audit log: --actor, else the OS user', { timeout: 2 * CLI_TIMEOUT }, async () => {
    const dir = path.join(dataDir, 'prompt-files');
    fs.writeFileSync(path.join(dir, 'support', 'reply.yaml'), 'type: text\ntemplate: Hi {{ name }}\n');
    expect((await cli(['prompts', 'import', dir, '--actor', 'ada'])).code).toBe(0);
    const log = await inspectDataDir(() => listAuditLog(systemActor, { entityId: 'support/reply' }));
    // Newest first: the import with --actor, then the first import's events (created, versioned, labelled).
    expect(log.data[0]).toMatchObject({ action: 'version.created', actorName: 'cli:ada' });
    expect(log.data.length).toBeGreaterThan(1);
    expect(new Set(log.data.slice(1).map((e) => e.actorName))).toEqual(new Set([`cli:${os.userInfo().username}`]));
  });
});

describe('cli arguments', () => {
  const untouched = path.join(os.tmpdir(), `verso-cli-untouched-${process.pid}`);
  const bad: [string, string[], RegExp][] = [
    ['an unknown role', ['apikey', 'create', '--name', 'x', '--role', 'owner'], /^error: --role: .*"admin"/],
    ['a missing option', ['apikey', 'create', '--role', 'admin'], /^error: --name is required/],
    ['an unknown option', ['user', 'create', '--mail', 'a@example.com'], /^error: Unknown option '--mail'/],
    ['a bad email', ['user', 'create', '--email', 'nope', '--password', 'longenough', '--role', 'viewer'], /^error: --email: must be an email address/],
    ['a person with the service role', ['user', 'create', '--email', 'app@example.com', '--password', 'longenough', '--role', 'service'], /^error: --role: service is a role for API keys/],
    ['a missing directory', ['prompts', 'export'], /^error: prompts export takes one argument: the directory/],
    ['`latest` as an import label', ['prompts', 'import', 'dir', '--label', 'latest'], /^error: --label: `latest` moves by itself/],
    ['an unknown command', ['prompt', 'import'], /^error: unknown command "prompt"/],
  ];
  it.each(bad)(
    'rejects %s in one line with exit code 2, before opening the database',
    async (_, args, message) => {
      const run = await cli(args, { VERSO_DATA_DIR: untouched });
      expect(run.code).toBe(2);
      expect(lines(run.stderr)).toHaveLength(1);
      expect(run.stderr).toMatch(message);
      expect(fs.existsSync(untouched)).toBe(false);
    },
    CLI_TIMEOUT,
  );

  it('explains each command with --help', { timeout: CLI_TIMEOUT }, async () => {
    const run = await cli(['apikey', 'create', '--help'], { VERSO_DATA_DIR: untouched });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage: npm run cli -- apikey create --name NAME --role admin|editor|service|viewer');
  });
});

// With DATABASE_URL the embedded database's lock does not matter: the CLI works while a server runs.
// Only the postgres project has a Postgres server to run this against.
if (process.env.VERSO_TEST_DB === 'postgres') describe('cli on Postgres', () => {
  it('creates an API key while the embedded database is held', { timeout: CLI_TIMEOUT }, async () => {
    const base = process.env.TEST_DATABASE_URL!;
    const name = `verso_cli_${crypto.randomBytes(6).toString('hex')}`;
    const server = postgres(base, { max: 1, onnotice: () => {} });
    await server.unsafe(`create database ${name}`);
    const url = new URL(base);
    url.pathname = `/${name}`;
    const sleeper = holdDataDir();
    try {
      const run = await cli(['apikey', 'create', '--name', 'pg', '--role', 'service'], { DATABASE_URL: url.toString() });
      expect(run.code).toBe(0);
      const key = lines(run.stdout).at(-1)!;
      const open = async () => {
        const handle = await openDatabase({ url: url.toString(), dataDir: '' });
        await migrate(handle);
        return handle;
      };
      expect(await inspect(open, () => authenticateApiKey(key))).toMatchObject({ name: 'key:pg', role: 'service' });
    } finally {
      await release(sleeper);
      await server.unsafe(`drop database if exists ${name} with (force)`);
      await server.end();
    }
  });
});
