import { LeakguardError } from '../../util/errors.js';
import type { CliIO } from '../io.js';

export async function checkCommand(_argv: string[], _io: CliIO): Promise<number> {
  throw new LeakguardError('check is not available yet');
}
