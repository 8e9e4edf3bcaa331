/** `newsgraph <command>`: one entry point, each command in a module of its own. */
const COMMANDS = {
  check: async (args: string[]) => (await import('./check.ts')).runCheck(args),
  demo: async (args: string[]) => (await import('./demo.ts')).runDemo(args),
  generate: async (args: string[]) => (await import('./generate-seeds.ts')).runGenerate(args),
  serve: async (args: string[]) => (await import('./serve.ts')).runServe(args),
} satisfies Record<string, (args: string[]) => Promise<number | undefined>>;

const USAGE = `Usage: newsgraph <command> [options]

Commands:
  serve      serve the seeds folder over GraphQL (GraphiQL at /graphql)
  demo       generate 400 readable made-up articles once and serve them with live reload
  check      lint a seeds folder: every problem with its file, line and field
  generate   write a synthetic seeds folder for tests and benchmarks

Run "newsgraph <command> --help" for a command's options.`;

/**
 * `serve` and `check` hold a whole seeds folder in memory: when it needs a larger heap than
 * Node's default, the command re-runs itself with one (src/cli/heap.ts).
 */
async function heapFor(command: string, args: string[]): Promise<number | undefined> {
  if (command !== 'serve' && command !== 'check') return undefined;
  const { rerunWithHeapFor } = await import('./heap.ts');
  if (command === 'check') {
    const folder = args.find((arg) => !arg.startsWith('-')) ?? 'seeds';
    return rerunWithHeapFor(folder);
  }
  const { resolveConfig } = await import('../server/config.ts');
  const resolved = resolveConfig(args, process.env);
  return resolved.kind === 'config' ? rerunWithHeapFor(resolved.config.seedsDir) : undefined;
}

const [name, ...rest] = process.argv.slice(2);
const command = name ? COMMANDS[name as keyof typeof COMMANDS] : undefined;
if (!command) {
  const asked = name === '--help' || name === '-h';
  // Help that was asked for is the answer (stdout); help after a mistake is a diagnostic.
  if (asked) console.log(USAGE);
  else console.error(USAGE);
  process.exitCode = asked ? 0 : 2;
} else {
  const code = (await heapFor(name as string, rest)) ?? (await command(rest));
  if (code !== undefined) process.exitCode = code;
}
