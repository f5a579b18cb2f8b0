import { createRequire } from 'node:module';
import type { Node, Parser, Tree } from 'web-tree-sitter';

/**
 * tree-sitter's Python grammar, loaded on first use and then kept: only `migrate` pays for the
 * WebAssembly start-up, and only once per process. Everything is local (the grammar ships in the
 * tree-sitter-python package); nothing touches the network.
 */
let loading: Promise<Parser> | undefined;

export function pythonParser(): Promise<Parser> {
  loading ??= load();
  return loading;
}

async function load(): Promise<Parser> {
  const { Parser, Language } = await import('web-tree-sitter');
  await Parser.init();
  const grammar = createRequire(import.meta.url).resolve('tree-sitter-python/tree-sitter-python.wasm');
  const language = await Language.load(grammar);
  const parser = new Parser();
  parser.setLanguage(language);
  return parser;
}

/**
 * Parses Python source. Node offsets are JS string indexes (web-tree-sitter hands the grammar
 * UTF-16), so they index `text` directly. A leading BOM is parsed as a space of the same length.
 */
export async function parsePython(text: string): Promise<Tree> {
  const parser = await pythonParser();
  const tree = parser.parse(text.startsWith('\uFEFF') ? ` ${text.slice(1)}` : text);
  if (!tree) throw new Error('tree-sitter returned no tree');
  return tree;
}

/** The first syntax error in the tree, as `line N`, or undefined when the source parses cleanly. */
export function firstSyntaxError(tree: Tree): string | undefined {
  if (!tree.rootNode.hasError) return undefined;
  const bad = findError(tree.rootNode);
  return bad ? `line ${bad.startPosition.row + 1}` : 'unknown position';
}

function findError(node: Node): Node | undefined {
  if (node.type === 'ERROR' || node.isMissing) return node;
  for (const child of node.children) {
    if (child?.hasError || child?.isMissing) {
      const found = findError(child);
      if (found) return found;
    }
  }
  return undefined;
}
