import { LeakguardError } from '../../util/errors.js';
import type { CliIO } from '../io.js';

export async function installCommand(_argv: string[], _io: CliIO): Promise<number> {
  throw new LeakguardError('install is not available yet');
}

export async function uninstallCommand(_argv: string[], _io: CliIO): Promise<number> {
  throw new LeakguardError('uninstall is not available yet');
}
