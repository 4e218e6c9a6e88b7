import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';

/**
 * Command-line parsing shared by every `npm run …` command: `--help`/`-h` prints `usage` and
 * exits 0; an unknown option, a missing value or a stray argument prints one `error:` line and
 * the usage and exits 2 — never node's ERR_PARSE_ARGS_* stack.
 */
export function parseCliArgs<T extends ParseArgsOptionsConfig>(
  usage: string,
  options: T,
  { allowPositionals = false, args = process.argv.slice(2) }: { allowPositionals?: boolean; args?: string[] } = {},
) {
  const withHelp = { ...options, help: { type: 'boolean', short: 'h' } } as const;
  let parsed;
  try {
    parsed = parseArgs({ args, options: withHelp, allowPositionals, strict: true });
  } catch (error) {
    usageError(parseErrorSentence(error), usage);
  }
  if ((parsed.values as { help?: boolean }).help) {
    console.log(usage);
    process.exit(0);
  }
  return parsed;
}

/** Prints `error: <message>` and `usage` to stderr and exits with status 2 (a usage error). */
export function usageError(message: string, usage?: string): never {
  console.error(`error: ${message}${usage ? `\n${usage}` : ''}`);
  process.exit(2);
}

/** node's parseArgs message ("Unknown option '--foo'", "Option '--tenant <value>' argument missing"), first sentence only. */
function parseErrorSentence(error: unknown): string {
  const { code, message } = error as { code?: unknown; message?: string };
  if (typeof code !== 'string' || !code.startsWith('ERR_PARSE_ARGS_') || !message) throw error;
  const sentence = message.split(/\. |\n/)[0];
  return sentence.charAt(0).toLowerCase() + sentence.slice(1);
}
