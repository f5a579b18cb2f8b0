import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { LanguageSupport, ResolverStyle, RewriteResult, RewriteStatus } from '../../src/migrate/types.js';
import { FixtureTokens } from './fixture-tokens.js';

/**
 * A fixture case is a folder `fixtures/migrate/<language>/<case>/` with `input.<ext>`, the
 * expected `output.<ext>` (absent when the file must be left alone) and an optional `case.json`.
 * Token values are markers expanded at test time (see fixture-tokens.ts).
 */
export interface CaseConfig {
  /** Repository path the input is rewritten as (default: `input.<ext>` renamed to `main.<ext>`). */
  path?: string;
  /** Other repository files (`pkg/__init__.py`, `package.json`, …); their text when a string. */
  files?: Record<string, string | null>;
  style?: ResolverStyle;
  status?: RewriteStatus;
  /** Generated files expected, by repository path. */
  generated?: string[];
  /** Substrings the result's notes (or the manual reason) must contain. */
  notes?: string[];
  reason?: string;
}

export interface FixtureCase {
  name: string;
  dir: string;
  config: CaseConfig;
  extension: string;
  inputTemplate: string;
  outputTemplate?: string;
}

export const FIXTURE_ROOT = join(import.meta.dirname, '..', '..', 'fixtures', 'migrate');

export function loadCases(language: string): FixtureCase[] {
  const root = join(FIXTURE_ROOT, language);
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => {
      const dir = join(root, entry.name);
      const input = readdirSync(dir).find((file) => file.startsWith('input.'));
      if (!input) throw new Error(`${dir}: no input file`);
      const extension = input.slice('input'.length);
      const outputFile = join(dir, `output${extension}`);
      const configFile = join(dir, 'case.json');
      return {
        name: entry.name,
        dir,
        extension,
        config: existsSync(configFile) ? (JSON.parse(readFileSync(configFile, 'utf8')) as CaseConfig) : {},
        // Fixture files are read as bytes-to-latin1-free UTF-8: BOM, CRLF and non-ASCII stay as written.
        inputTemplate: readFileSync(join(dir, input), 'utf8'),
        outputTemplate: existsSync(outputFile) ? readFileSync(outputFile, 'utf8') : undefined,
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

export interface CaseRun {
  fixture: FixtureCase;
  path: string;
  root: string;
  input: string;
  expected?: string;
  result: RewriteResult;
  tokens: FixtureTokens;
}

/** Rewrites one case in a throw-away repository root holding its extra files. */
export async function runCase(fixture: FixtureCase, language: LanguageSupport, tokens = new FixtureTokens()): Promise<CaseRun> {
  const path = fixture.config.path ?? `main${fixture.extension}`;
  const root = mkdtempSync(join(tmpdir(), `leakguard-${fixture.name}-`));
  const repoFiles = new Set<string>([path]);
  for (const [file, text] of Object.entries(fixture.config.files ?? {})) {
    repoFiles.add(file);
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), text ?? '');
  }
  const input = tokens.expand(fixture.inputTemplate);
  const result = await language.rewrite({
    path,
    root,
    text: input,
    findings: tokens.findings(fixture.inputTemplate, path),
    style: fixture.config.style ?? 'resolver',
    repoFiles,
  });
  const expected = fixture.outputTemplate === undefined ? undefined : tokens.expand(fixture.outputTemplate);
  return { fixture, path, root, input, expected, result, tokens };
}

/** Writes the rewritten file and its generated files under `root`; returns their absolute paths. */
export function materialise(run: CaseRun): string[] {
  const written: string[] = [];
  const write = (path: string, text: string): void => {
    const absolute = join(run.root, path);
    mkdirSync(dirname(absolute), { recursive: true });
    writeFileSync(absolute, text);
    written.push(absolute);
  };
  if (run.result.text !== undefined) write(run.path, run.result.text);
  for (const generated of run.result.generated ?? []) write(generated.path, generated.text);
  return written;
}

/** What a case must produce: the golden text, the status, the generated files and notes. */
export function expectedStatus(fixture: FixtureCase): RewriteStatus {
  return fixture.config.status ?? (fixture.outputTemplate === undefined ? 'unchanged' : 'changed');
}

/** Every generated token value and split half that must not survive anywhere in the result. */
export function leakedValues(run: CaseRun): string[] {
  const texts = [run.result.text ?? '', run.result.reason ?? '', ...(run.result.notes ?? []), ...(run.result.generated ?? []).map((file) => file.text)];
  const values = run.tokens.allValues().flatMap((value) => [value, value.slice(0, 20), value.slice(20)]);
  return values.filter((value) => value.length >= 12 && texts.some((text) => text.includes(value)));
}
