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

const [name, ...rest] = process.argv.slice(2);
const command = name ? COMMANDS[name as keyof typeof COMMANDS] : undefined;
if (!command) {
  const asked = name === '--help' || name === '-h';
  // Help that was asked for is the answer (stdout); help after a mistake is a diagnostic.
  if (asked) console.log(USAGE);
  else console.error(USAGE);
  process.exitCode = asked ? 0 : 2;
} else {
  const code = await command(rest);
  if (code !== undefined) process.exitCode = code;
}
