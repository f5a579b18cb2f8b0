import type { Finding } from '../types/index.js';
import { LeakguardError } from '../util/errors.js';

export interface VerifyOptions {
  env: NodeJS.ProcessEnv;
}

export async function verifyFindings(_findings: Finding[], _options: VerifyOptions): Promise<void> {
  throw new LeakguardError('--verify is not available yet');
}
