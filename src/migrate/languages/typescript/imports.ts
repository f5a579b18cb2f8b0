import { Node, SyntaxKind, type SourceFile } from 'ts-morph';
import { lineStart, type SpanEdit } from '../span-edits.js';
import { JS_RESOLVER_BASENAME } from './resolver-template.js';

export interface ResolverImport {
  syntax: 'import' | 'require';
  specifier: string;
  quote: '"' | "'";
  newline: string;
}

/** Whether the file already imports `getSecret` from the resolver, or owns another `getSecret`. */
export function existingGetSecret(file: SourceFile): 'ours' | 'clash' | undefined {
  for (const declaration of file.getImportDeclarations()) {
    const named = declaration.getNamedImports().find((specifier) => (specifier.getAliasNode() ?? specifier.getNameNode()).getText() === 'getSecret');
    if (!named) continue;
    return declaration.getModuleSpecifierValue().includes(JS_RESOLVER_BASENAME) ? 'ours' : 'clash';
  }
  for (const statement of file.getStatements()) {
    if (Node.isFunctionDeclaration(statement) && statement.getName() === 'getSecret') return 'clash';
    if (Node.isClassDeclaration(statement) && statement.getName() === 'getSecret') return 'clash';
    if (Node.isVariableStatement(statement)) {
      for (const declaration of statement.getDeclarations()) {
        const name = declaration.getNameNode();
        const text = name.getText();
        if (!/\bgetSecret\b/.test(text)) continue;
        const init = declaration.getInitializer()?.getText() ?? '';
        return init.includes(JS_RESOLVER_BASENAME) ? 'ours' : 'clash';
      }
    }
  }
  return undefined;
}

/**
 * The import, placed after the file's last top-level `import` (ES imports are hoisted anyway) or,
 * for CommonJS, after the run of `require` statements that opens the file; otherwise before the
 * first statement (after the directive prologue), leaving header comments and pragmas on top.
 */
export function resolverImportEdit(file: SourceFile, text: string, request: ResolverImport): SpanEdit {
  const q = request.quote;
  const semicolon = usesSemicolons(file) ? ';' : '';
  const line =
    request.syntax === 'import'
      ? `import { getSecret } from ${q}${request.specifier}${q}${semicolon}`
      : `const { getSecret } = require(${q}${request.specifier}${q})${semicolon}`;
  const statements = file.getStatements();
  const anchors =
    request.syntax === 'import'
      ? statements.filter((statement) => Node.isImportDeclaration(statement) || Node.isImportEqualsDeclaration(statement))
      : leadingRequires(statements);
  const last = anchors[anchors.length - 1];
  if (last) return { start: last.getEnd(), end: last.getEnd(), text: request.newline + line };
  const first = statements.find((statement) => !isDirective(statement));
  if (!first) {
    const end = text.length;
    const needsBreak = end > 0 && !text.endsWith('\n');
    return { start: end, end, text: (needsBreak ? request.newline : '') + line + request.newline };
  }
  const start = first.getStart();
  const from = lineStart(text, start);
  if (/^[ \t]*$/.test(text.slice(from, start))) return { start: from, end: from, text: line + request.newline };
  return { start, end: start, text: line + request.newline };
}

function isDirective(statement: Node): boolean {
  return Node.isExpressionStatement(statement) && statement.getExpression().getKind() === SyntaxKind.StringLiteral;
}

function leadingRequires(statements: Node[]): Node[] {
  const run: Node[] = [];
  for (const statement of statements) {
    if (isDirective(statement)) continue;
    if (!isRequireStatement(statement)) break;
    run.push(statement);
  }
  return run;
}

function isRequireStatement(statement: Node): boolean {
  if (!Node.isVariableStatement(statement)) return false;
  return statement.getDeclarations().every((declaration) => /^require\s*\(/.test(declaration.getInitializer()?.getText() ?? ''));
}

function usesSemicolons(file: SourceFile): boolean {
  const statements = file
    .getStatements()
    .filter((statement) => Node.isImportDeclaration(statement) || Node.isVariableStatement(statement) || Node.isExpressionStatement(statement))
    .slice(0, 20);
  if (statements.length === 0) return true;
  const ending = statements.filter((statement) => statement.getText().trimEnd().endsWith(';')).length;
  return ending * 2 >= statements.length;
}
