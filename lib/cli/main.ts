// `npm run cli -- <command>`: set-up and scripting tasks against the same database as the server,
// and `simulate`, which drives a running server through its HTTP API only.
// Exit codes: 0 done, 1 failed (busy database, conflict, bad files), 2 bad arguments.
import { DatabaseBusyError } from '@/db/client';
import { VersoError } from '@/lib/api/errors';
import { ConfigError } from '@/lib/env';
import { CommandFailed, parseCommandArgs, UsageError, type Command } from './command';
import { apikeyCreate } from './commands/apikey';
import { datasetExport, datasetImport, datasetList } from './commands/datasets';
import { dbMigrate } from './commands/db';
import { evalCompare, evalGate, evalList, evalRun } from './commands/evals';
import { promptsExport, promptsImport } from './commands/prompts';
import { simulate } from './commands/simulate';
import { userCreate, userResetPassword } from './commands/user';
import { withDatabase } from './database';

const commands: Command[] = [apikeyCreate, userCreate, userResetPassword, promptsExport, promptsImport, datasetImport, datasetExport, datasetList, evalRun, evalGate, evalCompare, evalList, dbMigrate, simulate];

const isHelp = (arg: string | undefined) => arg === '--help' || arg === '-h' || arg === 'help';

function usage(list = commands): string {
  const width = Math.max(...list.map((c) => c.name.length));
  const lines = list.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return `Usage: npm run cli -- <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nRun a command with --help for its options.`;
}

async function main(argv: string[]): Promise<number> {
  if (argv.length === 0 || isHelp(argv[0])) {
    (argv.length === 0 ? console.error : console.log)(usage());
    return argv.length === 0 ? 2 : 0;
  }
  const command = commands.find((c) => c.name.split(' ').every((word, i) => argv[i] === word));
  if (!command) {
    const group = commands.filter((c) => c.name.startsWith(`${argv[0]} `));
    if (group.length > 0 && isHelp(argv[1])) {
      console.log(usage(group));
      return 0;
    }
    const known = (group.length > 0 ? group : commands).map((c) => c.name).join(', ');
    if (group.length > 0 && argv.length === 1) throw new UsageError(`"${argv[0]}" needs a subcommand (commands: ${known})`);
    throw new UsageError(`unknown command "${argv.slice(0, group.length > 0 ? 2 : 1).join(' ')}" (commands: ${known})`);
  }
  const rest = argv.slice(command.name.split(' ').length);
  if (rest.some(isHelp)) {
    console.log(command.help);
    return 0;
  }
  let input: unknown;
  try {
    input = parseCommandArgs(command, rest);
  } catch (error) {
    if (error instanceof UsageError) throw new UsageError(`${error.message} (see: npm run cli -- ${command.name} --help)`);
    throw error;
  }
  if (command.database === false) await command.run(input);
  else await withDatabase(() => command.run(input));
  return 0;
}

/** One line on stderr for every failure a user can cause; a stack only for what is a bug. */
function report(error: unknown): number {
  if (error instanceof UsageError) {
    console.error(`error: ${error.message}`);
    return 2;
  }
  if (error instanceof DatabaseBusyError || error instanceof VersoError || error instanceof ConfigError || error instanceof CommandFailed) {
    console.error(`error: ${error.message.replace(/\s*\n\s*/g, '; ')}`);
    return 1;
  }
  const chain = causes(error);
  console.error(`error: ${chain.map((e) => firstLine(e)).join(': ')}`);
  // A system or database error (ECONNREFUSED, a SQLSTATE) is explained by its message; anything else is a bug.
  const root = chain.at(-1);
  if (root instanceof Error && typeof (root as { code?: unknown }).code !== 'string') console.error(root.stack);
  return 1;
}

const firstLine = (e: unknown) => (e instanceof Error ? e.message : String(e)).split('\n')[0]!.trim();

function causes(error: unknown): unknown[] {
  const chain = [error];
  while (chain.length < 5 && chain.at(-1) instanceof Error && (chain.at(-1) as Error).cause !== undefined) chain.push((chain.at(-1) as Error).cause);
  return chain;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => process.exit(report(error)),
);
