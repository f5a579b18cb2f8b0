import { applySpanEdits, lineNumberAt, nextLineStart, occurrences, type SpanEdit } from '../span-edits.js';
import type { NamedSecret } from '../named-secrets.js';
import type { ResolverStyle } from '../../types.js';
import { importEdit, importLines, moduleImports, type ModuleImports } from './imports.js';
import { shellReference } from './ipython.js';
import { noNeeds, type PythonNeeds } from './lookup.js';
import { planPythonSource, type PythonPlan } from './rewrite.js';
import {
  encodeJsonString,
  member,
  parseJsonSpans,
  stringsUnder,
  writesAsciiOnly,
  type JsonArray,
  type JsonNode,
  type JsonString,
} from './json-spans.js';

export interface NotebookInput {
  path: string;
  raw: string;
  secrets: readonly NamedSecret[];
  style: ResolverStyle;
  /** The module code cells import the resolver from (the resolver sits next to the notebook). */
  resolverModule: string;
}

export type NotebookOutcome =
  | { kind: 'notJson' }
  | { kind: 'manual'; reason: string }
  | { kind: 'rewritten'; text: string; needs: PythonNeeds; notes: string[] };

/** Cell magics whose body is a shell script: IPython does not expand `{expr}` there. */
const SHELL_CELL = /^%%(?:bash|sh|script\s+(?:ba)?sh|system)\b/;
/** Cell magics whose body is still Python. */
const PYTHON_CELL = /^%%(?:capture|time|timeit|prun|debug)\b/;

interface CellSource {
  index: number;
  type: string;
  node: JsonNode;
  text: string;
}

interface CellRewrite {
  cell: CellSource;
  text: string;
  plan?: PythonPlan;
}

/**
 * Rewrites a notebook by editing its raw JSON: code cells go through the Python rewriter,
 * markdown and raw cells get placeholders, outputs that echo a secret get `***`. Only the edited
 * JSON strings change; everything else is byte-identical.
 */
export async function rewriteNotebook(input: NotebookInput): Promise<NotebookOutcome> {
  let root: JsonNode;
  try {
    root = parseJsonSpans(input.raw);
  } catch {
    return { kind: 'notJson' };
  }
  const cellsNode = member(root, 'cells');
  if (cellsNode?.kind !== 'array') return { kind: 'notJson' };
  const edits: SpanEdit[] = [];
  const notes: string[] = [];
  const needs = noNeeds();
  const asciiOnly = writesAsciiOnly(input.raw);
  const cells = cellsNode.items.map((node, index) => cellSource(node, index)).filter((cell): cell is CellSource => !!cell);
  const rewrites: CellRewrite[] = [];
  for (const cell of cells) {
    const present = input.secrets.filter((entry) => cell.text.includes(entry.secret));
    if (present.length === 0) continue;
    const label = `${input.path} cell ${cell.index + 1}`;
    const result = cell.type === 'code' ? await rewriteCodeCell(cell, present, input.style, label) : placeholderCell(cell, present);
    if ('manual' in result) return { kind: 'manual', reason: result.manual };
    notes.push(...result.notes);
    rewrites.push(result.rewrite);
  }
  addResolverImport(rewrites, cells, input.resolverModule, needs);
  for (const rewrite of rewrites) {
    if (rewrite.text !== rewrite.cell.text) edits.push(...sourceEdits(input.raw, rewrite.cell.node, rewrite.text, asciiOnly));
  }
  const scrubbed = scrubOutputs(input.raw, cellsNode, input.secrets, asciiOnly, edits);
  if (scrubbed > 0) notes.push(`${input.path}: replaced the credential with *** in ${scrubbed} cell output${scrubbed === 1 ? '' : 's'} that printed it`);
  scrubElsewhere(input.raw, root, cellsNode, input.secrets, asciiOnly, edits, notes, input.path);
  return { kind: 'rewritten', text: applySpanEdits(input.raw, edits), needs, notes };
}

function cellSource(node: JsonNode, index: number): CellSource | undefined {
  const type = member(node, 'cell_type');
  const source = member(node, 'source');
  if (type?.kind !== 'string' || !source) return undefined;
  if (source.kind === 'string') return { index, type: type.value, node: source, text: source.value };
  if (source.kind !== 'array') return undefined;
  const text = source.items.map((item) => (item.kind === 'string' ? item.value : '')).join('');
  return { index, type: type.value, node: source, text };
}

type CellResult = { rewrite: CellRewrite; notes: string[] } | { manual: string };

async function rewriteCodeCell(cell: CellSource, secrets: readonly NamedSecret[], style: ResolverStyle, label: string): Promise<CellResult> {
  const firstLine = cell.text.trimStart().split('\n', 1)[0] ?? '';
  if (firstLine.startsWith('%%')) {
    if (SHELL_CELL.test(firstLine)) return shellCell(cell, secrets, label);
    if (!PYTHON_CELL.test(firstLine)) return { manual: `${label}: ${firstLine.split(/\s/)[0]} cell holds a credential; rewrite it by hand` };
  }
  const plan = await planPythonSource({ text: cell.text, secrets, style, label });
  if (plan.manual) return { manual: plan.manual };
  return { rewrite: { cell, text: applySpanEdits(cell.text, plan.edits), plan }, notes: plan.notes };
}

/** `%%bash` cells: the shell reads the variable from the environment the kernel runs in. */
function shellCell(cell: CellSource, secrets: readonly NamedSecret[], label: string): CellResult {
  const edits: SpanEdit[] = [];
  const names = new Set<string>();
  for (const entry of secrets) {
    for (const offset of occurrences(cell.text, entry.secret)) {
      const lineFrom = cell.text.lastIndexOf('\n', offset - 1) + 1;
      const lineTo = nextLineStart(cell.text, offset);
      const line = cell.text.slice(lineFrom, lineTo);
      const selfExport = exportOf(line, entry);
      if (selfExport) {
        // `export X=$X` would be a no-op that hides a missing value: guard it instead.
        edits.push({ start: lineFrom + selfExport.start, end: lineFrom + selfExport.end, text: `: "\${${entry.envVar}:?set ${entry.envVar} in .env}"` });
        names.add(entry.envVar);
        continue;
      }
      const reference = shellReference(line, offset - lineFrom, offset - lineFrom + entry.secret.length, entry.envVar);
      edits.push({ start: lineFrom + reference.start, end: lineFrom + reference.end, text: reference.text });
      names.add(entry.envVar);
    }
  }
  const list = [...names].join(', ');
  return {
    rewrite: { cell, text: applySpanEdits(cell.text, edits) },
    notes: [`${label}: the shell cell now reads ${list} from the environment; export them before starting Jupyter (e.g. set -a; . ./.env; set +a)`],
  };
}

/** `export NAME=value` of the variable itself: the span of the statement, without the line break. */
function exportOf(line: string, entry: NamedSecret): { start: number; end: number } | undefined {
  const match = /^([ \t]*)(export[ \t]+([A-Za-z_][A-Za-z0-9_]*)=(["']?)([^"'\s]*)\4)[ \t]*\r?\n?$/.exec(line);
  if (!match || match[3] !== entry.envVar || match[5] !== entry.secret) return undefined;
  const start = (match[1] ?? '').length;
  return { start, end: start + (match[2] ?? '').length };
}

/** Markdown and raw cells are prose: the value becomes a placeholder. */
function placeholderCell(cell: CellSource, secrets: readonly NamedSecret[]): CellResult {
  let text = cell.text;
  for (const entry of secrets) text = text.split(entry.secret).join(`<${entry.envVar}>`);
  return { rewrite: { cell, text }, notes: [] };
}

/**
 * The resolver import goes into the first code cell that uses it (cells run in order, so later
 * cells see the name), after that cell's imports, unless an earlier cell already imports it.
 */
function addResolverImport(rewrites: CellRewrite[], cells: readonly CellSource[], module: string, needs: PythonNeeds): void {
  const first = rewrites.find((rewrite) => rewrite.plan && (rewrite.plan.needs.getSecret || rewrite.plan.needs.findSecret || rewrite.plan.needs.os));
  if (!first?.plan?.tree) return;
  for (const rewrite of rewrites) {
    if (!rewrite.plan) continue;
    needs.getSecret ||= rewrite.plan.needs.getSecret;
    needs.findSecret ||= rewrite.plan.needs.findSecret;
    needs.os ||= rewrite.plan.needs.os;
  }
  const existing = importedBefore(cells, first.cell.index, moduleImports(first.plan.tree));
  const lines = importLines(needs, existing, module, '\n');
  const magicLine = first.cell.text.startsWith('%%');
  const ipython = first.plan.ipythonLines.filter((line) => !(magicLine && line.start === 0));
  const edit = importEdit(first.cell.text, first.plan.tree, lines, '\n', ipython);
  if (!edit) return;
  if (magicLine) {
    const afterMagic = nextLineStart(first.cell.text, 0);
    if (edit.start < afterMagic) {
      edit.start = afterMagic;
      edit.end = afterMagic;
    }
  }
  first.text = applySpanEdits(first.cell.text, [...first.plan.edits, edit]);
}

/** What code cells up to `index` import already (a plain text check: cells share one namespace). */
function importedBefore(cells: readonly CellSource[], index: number, own: ModuleImports): ModuleImports {
  const earlier = cells.filter((cell) => cell.type === 'code' && cell.index < index).map((cell) => cell.text).join('\n');
  const names = new Set(own.resolverNames);
  for (const match of earlier.matchAll(/^from\s+\S*secret_resolver\s+import\s+(.+)$/gm)) {
    for (const name of (match[1] ?? '').split(',')) names.add(name.trim());
  }
  return { hasOs: own.hasOs || /^import\s+os\b/m.test(earlier), resolverNames: names, clashes: own.clashes };
}

/** Edits turning a cell's `source` into `text`: per line when the line count holds, else a rebuilt list. */
function sourceEdits(raw: string, node: JsonNode, text: string, asciiOnly: boolean): SpanEdit[] {
  if (node.kind === 'string') return [{ start: node.start, end: node.end, text: encodeJsonString(text, asciiOnly) }];
  if (node.kind !== 'array') return [];
  const lines = splitLinesKeepEnds(text);
  const old = node.items;
  if (lines.length === old.length && old.every((item) => item.kind === 'string')) {
    return old.flatMap((item, index) => {
      const line = lines[index] ?? '';
      return (item as JsonString).value === line ? [] : [{ start: item.start, end: item.end, text: encodeJsonString(line, asciiOnly) }];
    });
  }
  return [{ start: node.start, end: node.end, text: rebuildArray(raw, node, lines, asciiOnly) }];
}

function splitLinesKeepEnds(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/** A `source` list in the notebook's own layout: same opening, separator and closing whitespace. */
function rebuildArray(raw: string, node: JsonArray, lines: readonly string[], asciiOnly: boolean): string {
  if (lines.length === 0) return '[]';
  const items = node.items;
  const firstItem = items[0];
  const lastItem = items[items.length - 1];
  let open: string;
  let close: string;
  if (firstItem && lastItem) {
    open = raw.slice(node.start + 1, firstItem.start);
    close = raw.slice(lastItem.end, node.end - 1);
  } else {
    const indent = lineIndent(raw, node.start);
    const unit = notebookIndentUnit(raw);
    open = `\n${indent}${unit}`;
    close = `\n${indent}`;
  }
  const second = items[1];
  const separator = firstItem && second ? raw.slice(firstItem.end, second.start) : `,${open}`;
  return `[${open}${lines.map((line) => encodeJsonString(line, asciiOnly)).join(separator)}${close}]`;
}

function lineIndent(raw: string, offset: number): string {
  const start = raw.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(raw.slice(start))?.[0] ?? '';
}

function notebookIndentUnit(raw: string): string {
  return /^\{\r?\n([ \t]+)"/.exec(raw.replace(/^\uFEFF/, ''))?.[1] ?? ' ';
}

/** Replaces the secret with `***` in every output string that holds it; returns how many outputs changed. */
function scrubOutputs(raw: string, cells: JsonArray, secrets: readonly NamedSecret[], asciiOnly: boolean, edits: SpanEdit[]): number {
  let changed = 0;
  for (const cell of cells.items) {
    const outputs = member(cell, 'outputs');
    if (outputs?.kind !== 'array') continue;
    for (const output of outputs.items) {
      const hits = stringsUnder(output).filter((node) => secrets.some((entry) => node.value.includes(entry.secret)));
      for (const node of hits) edits.push(scrubEdit(raw, node, secrets, asciiOnly));
      if (hits.length > 0) changed++;
    }
  }
  return changed;
}

function scrubEdit(raw: string, node: JsonString, secrets: readonly NamedSecret[], asciiOnly: boolean): SpanEdit {
  let token = raw.slice(node.start, node.end);
  const literal = secrets.every((entry) => !node.value.includes(entry.secret) || token.includes(entry.secret));
  if (literal) {
    for (const entry of secrets) token = token.split(entry.secret).join('***');
    return { start: node.start, end: node.end, text: token };
  }
  let value = node.value;
  for (const entry of secrets) value = value.split(entry.secret).join('***');
  return { start: node.start, end: node.end, text: encodeJsonString(value, asciiOnly) };
}

/** Notebook or cell metadata (widget state, Colab fields) holding a secret: scrub it too. */
function scrubElsewhere(
  raw: string,
  root: JsonNode,
  cells: JsonArray,
  secrets: readonly NamedSecret[],
  asciiOnly: boolean,
  edits: SpanEdit[],
  notes: string[],
  path: string,
): void {
  const handled = new Set<JsonNode>();
  for (const cell of cells.items) {
    const source = member(cell, 'source');
    const outputs = member(cell, 'outputs');
    if (source) for (const node of stringsUnder(source)) handled.add(node);
    if (outputs) for (const node of stringsUnder(outputs)) handled.add(node);
  }
  const stray = stringsUnder(root).filter((node) => !handled.has(node) && secrets.some((entry) => node.value.includes(entry.secret)));
  for (const node of stray) {
    edits.push(scrubEdit(raw, node, secrets, asciiOnly));
    notes.push(`${path}:${lineNumberAt(raw, node.start)}: replaced a credential in notebook metadata with ***`);
  }
}
