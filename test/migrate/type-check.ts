import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';

const REPO_TYPES = join(import.meta.dirname, '..', '..', 'node_modules', '@types');

const ANY_MODULES = 'declare module "@huggingface/inference";\ndeclare module "openai";\ndeclare module "@anthropic-ai/sdk";\ndeclare module "react";\n';

/**
 * Strict type check (no emit) of files against @types/node; third-party imports are typed as any
 * unless `declarations` gives them types.
 */
export function typeCheck(files: string[], declarations = ANY_MODULES): string[] {
  const shims = join(mkdtempSync(join(tmpdir(), 'leakguard-shims-')), 'shims.d.ts');
  writeFileSync(shims, declarations);
  const program = ts.createProgram([...files, shims], {
    strict: true,
    noUncheckedIndexedAccess: true,
    exactOptionalPropertyTypes: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    jsx: ts.JsxEmit.Preserve,
    types: ['node'],
    typeRoots: [REPO_TYPES],
  });
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n') + (diagnostic.file ? ` (${diagnostic.file.fileName})` : ''));
}

