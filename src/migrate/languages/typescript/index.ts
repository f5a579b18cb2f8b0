import { posix } from 'node:path';
import { redact } from '../../../findings/redact.js';
import { jsResolverRenderer } from './resolver-flavours.js';
import { jsLookupNames, jsResolverNames } from './resolver-template.js';
import { existingGetSecret, resolverImportEdit } from './imports.js';
import { jsModuleSettings } from './module-settings.js';
import { preferredQuote, planTsSource } from './rewrite.js';
import { syntaxErrors, withSourceFile } from './project.js';
import type { GeneratedFile, LanguageSupport, RewriteRequest, RewriteResult } from '../../types.js';
import { distinctSecrets } from '../named-secrets.js';
import { applySpanEdits, detectNewline, OverlappingEditsError, type SpanEdit } from '../span-edits.js';

/**
 * TypeScript and JavaScript: literals become `getSecret("NAME")` from a generated,
 * dependency-free `secret-resolver` module (or `process.env.NAME` with `--style env`), imported
 * once per file with the specifier the project's module settings need.
 */
export const typescript: LanguageSupport = {
  name: 'typescript',
  handles: (path) => /\.(?:ts|tsx|mts|cts|js|jsx|mjs|cjs)$/i.test(path) && !/\.d\.[mc]?ts$/i.test(path),
  rewrite: rewriteTsFile,
  validate: (text, path) => syntaxErrors(text, path),
};

/** Code the browser runs: an env lookup there changes nothing about who can read the value. */
function browserCode(path: string, text: string): string | undefined {
  if (/^\s*(?:\/\/[^\n]*\n\s*|\/\*[\s\S]*?\*\/\s*)*(['"])use client\1/.test(text)) return 'a "use client" component';
  if (/(?:^|\/)environments?\/environment[\w.-]*\.ts$/.test(path)) return 'an Angular environment file';
  if (/\bimport\.meta\.env\b/.test(text)) return 'Vite client code (import.meta.env)';
  return undefined;
}

async function rewriteTsFile(request: RewriteRequest): Promise<RewriteResult> {
  const secrets = distinctSecrets(request.findings);
  if (secrets.length === 0) return { status: 'unchanged' };
  const browser = browserCode(request.path, request.text);
  if (browser) {
    return {
      status: 'manual',
      reason: `${request.path}: ${browser} ships to the browser, so any credential in it is public; move the call to a server route, then rotate the key`,
    };
  }
  const before = await syntaxErrors(request.text, request.path);
  if (before) return { status: 'manual', reason: `${request.path}: does not parse (${before}); rewrite it by hand` };
  const extension = posix.extname(request.path).toLowerCase();
  const isTs = ['.ts', '.tsx', '.mts', '.cts'].includes(extension);
  const planned = await withSourceFile(request.path, request.text, (file, ts) => {
    const plan = planTsSource({ file, ts, text: request.text, secrets, style: request.style, label: request.path, typescript: isTs });
    if (plan.manual || !plan.usesGetSecret) return { plan };
    const existing = existingGetSecret(file);
    if (existing === 'clash') return { plan, clash: true };
    // ESM syntax: any top-level import or export (`export const`, `export default`, re-exports).
    const hasImport = file.getImportDeclarations().length > 0 || file.getStatements().some((statement) => /^export\b/.test(statement.getText()));
    const hasRequire = /\brequire\s*\(/.test(request.text);
    const settings = jsModuleSettings({
      path: request.path,
      root: request.root,
      repoFiles: request.repoFiles,
      fileSyntax: hasImport ? 'import' : hasRequire ? 'require' : 'none',
      ts,
    });
    const importEdit: SpanEdit | undefined =
      existing === 'ours'
        ? undefined
        : resolverImportEdit(file, request.text, {
            syntax: settings.syntax,
            specifier: settings.specifier,
            quote: preferredQuote(file),
            newline: detectNewline(request.text),
          });
    return { plan, settings, importEdit };
  });
  const { plan } = planned;
  if (plan.manual) return { status: 'manual', reason: plan.manual };
  if ('clash' in planned) return { status: 'manual', reason: `${request.path}: already defines its own getSecret; rewrite it by hand` };
  let text: string;
  try {
    text = applySpanEdits(request.text, 'importEdit' in planned && planned.importEdit ? [...plan.edits, planned.importEdit] : plan.edits);
  } catch (error) {
    if (error instanceof OverlappingEditsError) return { status: 'manual', reason: `${request.path}: credentials too close together to rewrite safely` };
    throw error;
  }
  const after = await syntaxErrors(text, request.path);
  if (after) return { status: 'manual', reason: `${request.path}: the rewrite would not parse (${after}); rewrite it by hand` };
  const leftover = secrets.find((entry) => text.includes(entry.secret));
  if (leftover) return { status: 'manual', reason: `${request.path}: ${redact(leftover.secret)} could not be rewritten everywhere` };
  const generated: GeneratedFile[] = [];
  if ('settings' in planned && planned.settings) {
    const { settings } = planned;
    const render = await jsResolverRenderer({ language: settings.language, moduleSystem: settings.moduleSystem, rootFromResolver: settings.rootFromResolver });
    const used = jsLookupNames(text);
    const names = used.length > 0 ? used : request.findings.map((finding) => finding.envVar);
    generated.push({ path: settings.resolverPath, text: render(names), createOnly: true, resolver: { names, render, declaredNames: jsResolverNames } });
  }
  return { status: text === request.text ? 'unchanged' : 'changed', text, generated, notes: plan.notes };
}
