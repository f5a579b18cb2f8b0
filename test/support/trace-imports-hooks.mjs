// Module hooks for the import-budget test: records every module URL the process resolves.
import { appendFileSync } from 'node:fs';

export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  if (process.env.LEAKGUARD_TRACE_FILE) appendFileSync(process.env.LEAKGUARD_TRACE_FILE, `${result.url}\n`);
  return result;
}
