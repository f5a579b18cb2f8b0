import { runCheck } from '../../check/index.js';
import { CHECK_FORMATS, formatCheckJson, formatCheckText } from '../../check/format.js';
import { EXIT, UsageError } from '../../util/errors.js';
import { oneOf, parseCommandArgs } from '../args.js';
import { useColor, type CliIO } from '../io.js';

const HELP = `Usage: leakguard check [options]

Lists the credentials this repository uses (from .env.example, generated resolvers, and the
providers the code talks to) and where each one resolves from, in the order the generated
resolvers look: environment (name, then aliases) → nearest .env → provider CLI login
(Hugging Face token file, ~/.netrc for W&B, ~/.runpod/config.toml). Values are never printed.

Options:
  --format FORMAT       text (default) or json
  --verify              ask each provider whether the resolved credentials are live (network)
  --config FILE         config file (default: .leakguard.json in this directory or above)
  --no-color            no colour, even on a terminal (NO_COLOR is honoured too)
  --debug               stack traces for errors

Exit codes: 0 all required variables resolve, 1 a variable listed in .env.example is missing
(or, with --verify, a provider rejected a credential), 2 error.
`;

const OPTIONS = {
  format: { type: 'string', short: 'f' },
  verify: { type: 'boolean' },
  config: { type: 'string', short: 'c' },
  color: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function checkCommand(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs('check', argv, OPTIONS);
  if (values.help) {
    io.stdout(HELP);
    return EXIT.clean;
  }
  if (positionals.length > 0) {
    throw new UsageError(`check: unexpected argument "${positionals[0]}" (run it from the directory to check)`);
  }
  const format = oneOf('format', values.format, CHECK_FORMATS, 'text');
  const report = await runCheck({ cwd: io.cwd, env: io.env, configFile: values.config, verify: values.verify ?? false });
  io.stdout(format === 'json' ? formatCheckJson(report) : formatCheckText(report, useColor(io, io.stdoutIsTTY, values.color)));
  const rejected = report.variables.some((variable) => variable.verification?.status === 'invalid');
  return report.missing.length > 0 || rejected ? EXIT.findings : EXIT.clean;
}
