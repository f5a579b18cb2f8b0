import type { Project, SourceFile, ts as TypeScript } from 'ts-morph';

/**
 * One in-memory ts-morph project for the whole migration, created on first use. Only the files
 * that hold findings are added to it (and removed after their rewrite): it never reads the repo's
 * tsconfig or scans the disk, so a 2,000-file repository costs what its few dirty files cost.
 */
let loading: Promise<{ project: Project; ts: typeof TypeScript }> | undefined;

export function tsMorph(): Promise<{ project: Project; ts: typeof TypeScript }> {
  loading ??= (async () => {
    const { Project, ts } = await import('ts-morph');
    const project = new Project({
      useInMemoryFileSystem: true,
      skipAddingFilesFromTsConfig: true,
      skipFileDependencyResolution: true,
      compilerOptions: { allowJs: true, jsx: ts.JsxEmit.Preserve, target: ts.ScriptTarget.ESNext },
    });
    return { project, ts };
  })();
  return loading;
}

/** Parses `text` as the file at `path` (the extension decides TS/JS/JSX) and hands it to `use`. */
export async function withSourceFile<T>(path: string, text: string, use: (file: SourceFile, ts: typeof TypeScript) => T): Promise<T> {
  const { project, ts } = await tsMorph();
  const file = project.createSourceFile(`/virtual/${path}`, text, { overwrite: true });
  try {
    return use(file, ts);
  } finally {
    project.removeSourceFile(file);
  }
}

/** Syntax errors only (no type check): what `validate` needs and what cannot depend on the repo's types. */
export async function syntaxErrors(text: string, path: string): Promise<string | undefined> {
  const { ts } = await tsMorph();
  const output = ts.transpileModule(text, {
    fileName: path,
    reportDiagnostics: true,
    compilerOptions: { allowJs: true, jsx: ts.JsxEmit.Preserve, target: ts.ScriptTarget.ESNext, noEmit: false },
  });
  const first = output.diagnostics?.find((diagnostic) => diagnostic.category === ts.DiagnosticCategory.Error);
  if (!first) return undefined;
  const message = ts.flattenDiagnosticMessageText(first.messageText, ' ');
  const line = first.file && first.start !== undefined ? first.file.getLineAndCharacterOfPosition(first.start).line + 1 : undefined;
  return line ? `line ${line}: ${message}` : message;
}
