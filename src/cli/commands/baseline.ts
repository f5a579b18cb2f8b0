import { writeFileSync } from 'node:fs';
import { scanTree } from '../../engine.js';
import { createBaseline } from '../../findings/baseline.js';
import { EXIT } from '../../util/errors.js';
import { parseCommandArgs } from '../args.js';
import type { CliIO } from '../io.js';

export const DEFAULT_BASELINE = '.leakguard-baseline.json';

const HELP = `Usage: leakguard baseline [PATH...] [--output FILE] [--config FILE]

Writes the current findings to a baseline (default ${DEFAULT_BASELINE}) so that a legacy repository
can turn the hook on today and fix old findings over time. Entries are rule + path + a salted hash
of the secret: no line numbers, no plaintext. Use it with: leakguard scan --baseline ${DEFAULT_BASELINE}
`;

export async function baselineCommand(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs('baseline', argv, {
    output: { type: 'string', short: 'o' },
    config: { type: 'string', short: 'c' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout(HELP);
    return EXIT.clean;
  }
  const result = await scanTree({ cwd: io.cwd, paths: positionals, configFile: values.config });
  const baseline = createBaseline(result.findings);
  const output = values.output ?? DEFAULT_BASELINE;
  writeFileSync(output, `${JSON.stringify(baseline, null, 2)}\n`);
  io.stderr(`leakguard: wrote ${baseline.entries.length} baseline entries to ${output}\n`);
  return EXIT.clean;
}
