import type { Finding, Fragment, ScanNote } from '../types/index.js';
import type { CompiledRule, CompiledRules } from './compile.js';
import { activeRules, findMatches, type Match } from './match.js';
import { LineIndex } from './lines.js';
import { isAllowedLine } from './allow.js';
import { cellSpans, notebookParts, notebookPartsWithoutImages, rawOffsetOf, type CellSpans, type NotebookPart } from './notebook.js';
import { literalChains, mayConcatenate, textOffsetOf, withinOneLiteral } from './split-literals.js';
import { Budget } from './budget.js';
import { fingerprint } from '../findings/fingerprint.js';
import { redact } from '../findings/redact.js';
import { contextOf } from '../findings/context.js';

export { compileRules, type CompileOptions, type CompiledRule, type CompiledRules, type PathMatcherFactory } from './compile.js';
export { DEFAULT_FILE_BUDGET_MS } from './budget.js';
export { activeRulesInBytes, candidatesInBytes, type ByteCandidates } from './match.js';
export { notebookTextSize } from './notebook.js';
export { isPlaceholder } from './placeholder.js';
export { shannonEntropy } from './entropy.js';

export interface ScanOptions {
  /** Exact values that are never findings (config `allowValues`). */
  allowValues?: ReadonlySet<string>;
  /**
   * Rules whose keywords the caller already found in this fragment's raw bytes
   * (`activeRulesInBytes`): the text prefilter is then skipped, and an empty list means no rule
   * can fire.
   */
  candidates?: readonly CompiledRule[];
  /** Time budget for this fragment, in ms (default DEFAULT_FILE_BUDGET_MS). */
  budgetMs?: number;
  /**
   * Where a fragment that ran out of budget is reported (a `budget-exceeded` note naming the rule
   * and the file); the findings until then are still returned.
   */
  notes?: ScanNote[];
  /**
   * For a `.ipynb` fragment: its JSON with the image values already cut out of the bytes
   * (`withoutImageBytes`), parsed instead of `fragment.text`, which is then read only to place a
   * hit on its raw line (or when this does not parse), so a caller may decode it lazily (a getter).
   */
  notebookWithoutImages?: string;
}

/**
 * The whole detection pipeline for one fragment. Pure: no I/O, deterministic, never throws on
 * any input text (the fuzz test holds it to that).
 */
export function scanFragment(fragment: Fragment, compiled: CompiledRules, options: ScanOptions = {}): Finding[] {
  const budget = new Budget(options.budgetMs);
  const findings = scanWithin(fragment, compiled, options, budget);
  const note = budget.note(fragment.path, fragment.commit);
  if (note) options.notes?.push(note);
  return findings;
}

function scanWithin(fragment: Fragment, compiled: CompiledRules, options: ScanOptions, budget: Budget): Finding[] {
  // A notebook's text without images is empty exactly when its raw text is.
  const empty = (options.notebookWithoutImages ?? fragment.text).length === 0;
  if (empty || options.candidates?.length === 0) return [];
  // Without any `paths` rule (the built-ins have none) every rule applies to every path: history
  // scans call this for each of thousands of small patches, so skip the per-rule filter then.
  const scoped = compiled.pathScoped ? scopedToPath(compiled, fragment.path) : compiled;
  if (scoped.rules.length === 0) return [];
  if (fragment.path.endsWith('.ipynb')) {
    const notebook = scanNotebook(fragment, scoped, options, budget);
    if (notebook) return notebook;
  }
  const active = options.candidates
    ? compiled.pathScoped
      ? options.candidates.filter((rule) => !rule.pathFilter || rule.pathFilter(fragment.path))
      : options.candidates
    : activeRules(fragment.text, scoped);
  if (nothingToSearch(active, fragment.path)) return [];
  const lines = new LineIndex(fragment.text);
  const findings: Finding[] = [];
  for (const match of findMatches(fragment.text, active, options.allowValues, budget)) {
    const finding = toFinding(fragment, match, lines, match.start, match.end);
    if (finding) findings.push(finding);
  }
  if (mayConcatenate(fragment.path)) {
    for (const finding of splitLiteralFindings(fragment, active, lines, options, budget)) findings.push(finding);
  }
  return findings;
}

/**
 * Whether these rules leave nothing to search in a file at this path: there are none, or all are
 * closed by their gates (literal-gates.ts) and its string literals cannot join, the one place
 * closed rules still run.
 */
export function nothingToSearch(rules: readonly CompiledRule[], path: string): boolean {
  return rules.length === 0 || (rules.every((rule) => rule.closed) && !mayConcatenate(path));
}

function scopedToPath(compiled: CompiledRules, path: string): CompiledRules {
  const rules = compiled.rules.filter((rule) => !rule.pathFilter || rule.pathFilter(path));
  return rules.length === compiled.rules.length ? compiled : { ...compiled, rules };
}

function scanNotebook(fragment: Fragment, compiled: CompiledRules, options: ScanOptions, budget: Budget): Finding[] | undefined {
  const stripped = options.notebookWithoutImages;
  const parts = stripped === undefined ? notebookParts(fragment.text) : notebookPartsWithoutImages(stripped);
  if (!parts) return undefined;
  // The raw text and its indexes only serve to place hits: most notebooks have none.
  let placing: { raw: string; rawLines: LineIndex; spans: CellSpans[] } | undefined;
  const place = (): { raw: string; rawLines: LineIndex; spans: CellSpans[] } => {
    const raw = fragment.text;
    return (placing ??= { raw, rawLines: new LineIndex(raw), spans: cellSpans(raw) });
  };
  const findings: Finding[] = [];
  for (const part of parts) {
    const active = activeRules(part.text, compiled);
    if (active.length === 0) continue;
    const matches = findMatches(part.text, active, options.allowValues, budget).sort((a, b) => a.start - b.start);
    if (matches.length === 0) continue;
    const { raw, rawLines, spans } = place();
    const partLines = new LineIndex(part.text);
    // Repeated hits of one value in one part map to successive raw occurrences.
    let from = partStart(part, spans);
    for (const match of matches) {
      // An allow marker next to the value in the cell counts, as it would in a .py file.
      if (isAllowedLine(partLines.lineAt(match.start))) continue;
      const rawStart = rawOffsetOf(raw, match.secret, from);
      from = rawStart + 1;
      const escapedLength = JSON.stringify(match.secret).length - 2;
      const finding = toFinding(fragment, match, rawLines, rawStart, rawStart + escapedLength);
      if (!finding) continue;
      if (part.cell !== undefined) finding.cell = part.cell;
      if (part.kind === 'source') finding.cellLine = partLines.position(match.start).line;
      findings.push(finding);
    }
  }
  return findings;
}

/** Where in the raw JSON a part's text begins, to search its escaped secrets from. */
function partStart(part: NotebookPart, spans: readonly CellSpans[]): number {
  if (part.cell === undefined) return 0;
  const cell = spans[part.cell];
  if (!cell) return 0;
  if (part.kind === 'source') return cell.source?.[0] ?? cell.cell[0];
  if (part.kind === 'output') return cell.outputs?.[0] ?? cell.cell[0];
  return cell.cell[0];
}

/**
 * Tokens that only exist once adjacent string literals are joined (see split-literals.ts). The
 * rules run whole here: a gate literal may itself be split (`"mach" "ine"`), so its absence from
 * the text says nothing about the joined chains.
 */
function splitLiteralFindings(fragment: Fragment, candidates: readonly CompiledRule[], lines: LineIndex, options: ScanOptions, budget: Budget): Finding[] {
  const active = candidates.map((rule) => rule.whole ?? rule);
  const findings: Finding[] = [];
  for (const chain of literalChains(fragment.text)) {
    for (const match of findMatches(chain.joined, active, options.allowValues, budget)) {
      if (withinOneLiteral(chain, match.start, match.end)) continue;
      const start = textOffsetOf(chain, match.start);
      const end = textOffsetOf(chain, match.end - 1) + 1;
      const finding = toFinding(fragment, match, lines, start, end);
      if (!finding) continue;
      finding.split = true;
      findings.push(finding);
    }
  }
  return findings;
}

function toFinding(fragment: Fragment, match: Match, lines: LineIndex, start: number, end: number): Finding | undefined {
  const { rule } = match.compiled;
  const from = lines.position(start);
  const to = lines.position(Math.max(start, end - 1));
  if (fragment.addedLines && !touchesAddedLine(fragment.addedLines, from.line, to.line)) return undefined;
  if (isAllowedLine(lines.lineAt(start))) return undefined;
  const finding: Finding = {
    ruleId: rule.id,
    provider: rule.provider,
    description: rule.description,
    path: fragment.path,
    line: from.line,
    column: from.column,
    endColumn: from.line === to.line ? to.column + 1 : from.column + match.secret.length,
    commit: fragment.commit ?? null,
    secret: match.secret,
    redacted: redact(match.secret),
    fingerprint: fingerprint(rule.id, fragment.path, match.secret),
    envVar: rule.envVar,
    docsUrl: rule.docsUrl,
    context: contextOf(fragment.path),
  };
  if (match.known) {
    finding.knownTest = true;
    finding.note = match.known.note;
  }
  return finding;
}

function touchesAddedLine(added: ReadonlySet<number>, first: number, last: number): boolean {
  for (let line = first; line <= last; line++) if (added.has(line)) return true;
  return false;
}
