import { resolve } from 'node:path';
import { writeFileReplacing } from '../util/write-private.js';

/** Everything a command may touch of the process, so commands stay testable in-process. */
export interface CliIO {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  /** All of standard input (`scan -`, the pre-push hook's ref list); absent reads as empty. */
  readStdin?: () => Promise<Buffer>;
}

export function processIO(): CliIO {
  return {
    cwd: process.cwd(),
    env: process.env,
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    },
  };
}

/** Colour only on a terminal, and never when NO_COLOR is set (or forced with FORCE_COLOR). */
export function useColor(io: CliIO, isTTY: boolean, flag: boolean | undefined): boolean {
  if (flag === false || io.env['NO_COLOR']) return false;
  if (io.env['FORCE_COLOR'] && io.env['FORCE_COLOR'] !== '0') return true;
  return isTTY;
}

/**
 * Writes a report to `--output FILE` or stdout. A file never goes through a symlink at FILE, and
 * a report with revealed secrets is 0600 from its first byte; others get the usual 0644 (umask).
 */
export function emit(io: CliIO, text: string, output: string | undefined, revealed = false): void {
  if (output) writeFileReplacing(resolve(io.cwd, output), text, revealed ? 0o600 : 0o666);
  else io.stdout(text);
}

export async function readAllStdin(io: CliIO): Promise<Buffer> {
  return io.readStdin ? io.readStdin() : Buffer.alloc(0);
}
