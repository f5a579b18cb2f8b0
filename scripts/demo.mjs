// `npm start`: build a legacy ML repo with fake tokens and scan it, as a user would see it.
import { resolve } from 'node:path';
import { materializeDemo } from './materialize-demo.mjs';
import { main } from '../dist/src/cli/main.js';

const target = resolve('demo-out/demo-ml-repo');
materializeDemo(target);
process.stdout.write(`Demo repository with fake tokens: ${target}\n\n$ leakguard scan\n`);
const io = {
  cwd: target,
  env: process.env,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  stdoutIsTTY: process.stdout.isTTY === true,
  stderrIsTTY: process.stderr.isTTY === true,
};
const status = await main(['scan'], io);
process.stdout.write(`\n(exit code ${status}: ${status === 1 ? 'findings, a commit would be blocked' : 'clean'})\n`);
process.stdout.write(`Next: cd demo-out/demo-ml-repo && node ${resolve('bin/leakguard.js')} migrate --dry-run\n`);
// The demo succeeded if the scan ran; findings are the point of it.
process.exitCode = status === 2 ? 2 : 0;
