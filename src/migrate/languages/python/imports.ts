import type { Node, Tree } from 'web-tree-sitter';
import { lineStart, nextLineStart, type SpanEdit } from '../span-edits.js';
import { PYTHON_RESOLVER_MODULE } from './resolver-template.js';
import type { PythonNeeds } from './lookup.js';

/** What the module already imports, and names it defines that would clash with ours. */
export interface ModuleImports {
  hasOs: boolean;
  /** Names already imported from a secret_resolver module. */
  resolverNames: Set<string>;
  /** `get_secret` / `find_secret` defined or imported from somewhere else. */
  clashes: string[];
}

const OUR_NAMES = ['get_secret', 'find_secret'];

export function moduleImports(tree: Tree): ModuleImports {
  const imports: ModuleImports = { hasOs: false, resolverNames: new Set(), clashes: [] };
  for (const statement of topLevel(tree)) {
    if (statement.type === 'import_statement') {
      if (statement.namedChildren.some((child) => child?.type === 'dotted_name' && child.text === 'os')) imports.hasOs = true;
    } else if (statement.type === 'import_from_statement') {
      const module = statement.childForFieldName('module_name')?.text ?? '';
      const names = statement.childrenForFieldName('name').map((child) => child?.text ?? '');
      const fromResolver = module.replace(/^\.+/, '').split('.').pop() === PYTHON_RESOLVER_MODULE;
      for (const name of names.filter((candidate) => OUR_NAMES.includes(candidate))) {
        if (fromResolver) imports.resolverNames.add(name);
        else imports.clashes.push(name);
      }
    } else {
      const defined = definedName(statement);
      if (defined && OUR_NAMES.includes(defined)) imports.clashes.push(defined);
    }
  }
  return imports;
}

function topLevel(tree: Tree): Node[] {
  return tree.rootNode.namedChildren.filter((child): child is Node => !!child && child.type !== 'comment');
}

function definedName(statement: Node): string | undefined {
  if (statement.type === 'function_definition' || statement.type === 'class_definition') {
    return statement.childForFieldName('name')?.text;
  }
  if (statement.type === 'decorated_definition') return definedName(statement.childForFieldName('definition') ?? statement);
  const assignment = statement.type === 'expression_statement' ? statement.firstNamedChild : undefined;
  if (assignment?.type === 'assignment') return assignment.childForFieldName('left')?.text;
  return undefined;
}

interface CodeItem {
  start: number;
  end: number;
  type: string;
}

/**
 * Where new imports go: after the module docstring, any `from __future__` imports and the run of
 * imports that opens the module; before the first other statement or IPython line (which may be
 * the first use). Comments keep their place above the code they describe.
 */
export function importInsertionPoint(text: string, tree: Tree, ipythonLines: readonly { start: number; end: number }[] = []): { offset: number; prefix: string } {
  const items: CodeItem[] = [
    ...topLevel(tree).map((node) => ({ start: node.startIndex, end: node.endIndex, type: node.type, node })),
    ...ipythonLines.map((line) => ({ start: line.start, end: line.end, type: 'ipython' })),
  ].sort((a, b) => a.start - b.start);
  let index = 0;
  const first = topLevel(tree)[0];
  if (first && items[0]?.start === first.startIndex && isDocstring(first)) index = 1;
  while (items[index]?.type === 'future_import_statement') index++;
  while (items[index]?.type === 'import_statement' || items[index]?.type === 'import_from_statement') index++;
  const previous = items[index - 1];
  const next = items[index];
  const bom = text.startsWith('\uFEFF') ? 1 : 0;
  if (previous && (previous.type === 'import_statement' || previous.type === 'import_from_statement')) {
    const after = nextLineStart(text, previous.end);
    if (next && after > next.start) return { offset: next.start, prefix: '' };
    return { offset: after, prefix: after === text.length && !text.endsWith('\n') ? '\n' : '' };
  }
  if (next) {
    const start = Math.max(lineStart(text, next.start), bom);
    if (!previous || start > previous.start) return { offset: start, prefix: '' };
    return { offset: next.start, prefix: '' };
  }
  if (previous) return { offset: previous.end, prefix: '\n' };
  return { offset: bom, prefix: '' };
}

function isDocstring(statement: Node): boolean {
  return statement.type === 'expression_statement' && statement.namedChildCount === 1 && statement.firstNamedChild?.type === 'string';
}

/** The import lines a rewritten module needs that it does not have yet. */
export function importLines(needs: PythonNeeds, existing: ModuleImports, resolverModule: string, newline: string): string {
  const lines: string[] = [];
  if (needs.os && !existing.hasOs) lines.push('import os');
  const names = [needs.getSecret && 'get_secret', needs.findSecret && 'find_secret'].filter(
    (name): name is string => !!name && !existing.resolverNames.has(name),
  );
  if (names.length > 0) lines.push(`from ${resolverModule} import ${names.join(', ')}`);
  return lines.map((line) => line + newline).join('');
}

export function importEdit(
  text: string,
  tree: Tree,
  lines: string,
  newline: string,
  ipythonLines: readonly { start: number; end: number }[] = [],
): SpanEdit | undefined {
  if (!lines) return undefined;
  const point = importInsertionPoint(text, tree, ipythonLines);
  const prefix = point.prefix ? newline : '';
  const body = prefix ? lines.slice(0, lines.length - newline.length) : lines;
  return { start: point.offset, end: point.offset, text: prefix + body };
}
