import { parseArgs } from 'node:util';
import { z } from 'zod';

/** A mistake in how the command was called: reported in one line, exit code 2. */
export class UsageError extends Error {}

/** A failure the command has explained (a refused request, failed requests): one line, exit code 1. */
export class CommandFailed extends Error {}

/** `multiple`: the option may be given more than once; its value is then an array. */
type OptionSpec = { type: 'string' | 'boolean'; short?: string; multiple?: boolean };

export type Command<S extends z.ZodType = z.ZodType> = {
  /** The words that name it, e.g. `apikey create`. */
  name: string;
  summary: string;
  /** Usage and options, shown by --help. */
  help: string;
  options: Record<string, OptionSpec>;
  /** Validates the options, plus `args` (the positional arguments). */
  input: S;
  /** False for commands that only talk to a server over HTTP: they must not open (or lock) the database. */
  database?: boolean;
  run: (input: z.infer<S>) => Promise<void>;
};

export const defineCommand = <S extends z.ZodType>(command: Command<S>) => command as unknown as Command;

/** No positional arguments. */
export const noArgs = z.array(z.string()).max(0, 'takes no positional arguments');

/** Parses argv after the command's name with node's parseArgs, then with the command's zod schema. */
export function parseCommandArgs(command: Command, argv: string[]): unknown {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: command.options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0]!.replace(/\. To specify a positional argument.*$/, ''));
  }
  const values: Record<string, unknown> = { ...parsed.values, args: parsed.positionals };
  const result = command.input.safeParse(values);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const key = String(issue.path[0] ?? '');
  if (key === 'args') throw new UsageError(`${command.name} ${issue.message}`);
  if (key && values[key] === undefined) throw new UsageError(`--${key} is required`);
  throw new UsageError(key ? `--${key}: ${issue.message}` : issue.message);
}
