import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import { pathToFileURL } from 'node:url';

register('./trace-imports-hooks.mjs', import.meta.url);

// Every scan runs one bundle through vm.Script (src/cli/code-cache.ts), which no module hook
// sees: record the files compiled that way too, as the URLs of the modules they are.
const vm = createRequire(import.meta.url)('node:vm');
const Script = vm.Script;
vm.Script = class TracedScript extends Script {
  constructor(code, options) {
    super(code, options);
    const file = typeof options === 'object' ? options.filename : undefined;
    if (process.env.LEAKGUARD_TRACE_FILE && file?.startsWith('/')) appendFileSync(process.env.LEAKGUARD_TRACE_FILE, `${pathToFileURL(file).href}\n`);
  }
};
