import { LeakguardError } from '../../util/errors.js';
import type { CliIO } from '../io.js';

export async function migrateCommand(_argv: string[], _io: CliIO): Promise<number> {
  throw new LeakguardError('migrate is not available yet');
}
