/**
 * Input/output pairs under fixtures/migrate/<format>/<case>/: `input` is placed at `path` in a
 * fresh git repository, `leakguard migrate` runs, and the file must equal `output` byte for byte
 * (or stay untouched for manual and untracked cases). Values are generated at test time from the
 * templates in case.json; a second run must change nothing.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { migrate } from '../../src/migrate/index.js';
import { parseDotenv } from '../../src/migrate/envfile.js';
import { validateDockerfile } from '../../src/migrate/languages/dockerfile.js';
import { validateShell } from '../../src/migrate/languages/shell/index.js';
import { REPO_ROOT } from '../support/cli.js';
import { git, makeRepo, MarkerValues, seedOf } from './support.js';

interface FixtureCase {
  description: string;
  path: string;
  values: Record<string, string>;
  status: 'changed' | 'manual' | 'untracked';
  names?: Record<string, string>;
  /** Values only documentation shows: marker → placeholder name; a commented line in .env, no variable. */
  docsOnly?: Record<string, string>;
  reason?: string;
  notes?: string[];
  files?: Record<string, string>;
  expectFiles?: Record<string, string>;
  expectContains?: Record<string, string[]>;
  expectNotContains?: Record<string, string[]>;
  expectMissing?: string[];
  untracked?: string[];
  crlf?: boolean;
  bom?: boolean;
  noFinalNewline?: boolean;
}

const FIXTURES = join(REPO_ROOT, 'fixtures', 'migrate');
// The Python, notebook and TS/JS pairs have their own runners (test/migrate/python*, …).
const FORMATS = ['shell', 'dockerfile', 'yaml', 'markdown', 'credential', 'config'];

function cases(): { id: string; dir: string; spec: FixtureCase }[] {
  const found: { id: string; dir: string; spec: FixtureCase }[] = [];
  for (const format of FORMATS) {
    for (const name of readdirSync(join(FIXTURES, format)).sort()) {
      const dir = join(FIXTURES, format, name);
      if (!existsSync(join(dir, 'case.json'))) continue;
      found.push({ id: `${format}/${name}`, dir, spec: JSON.parse(readFileSync(join(dir, 'case.json'), 'utf8')) as FixtureCase });
    }
  }
  return found;
}

function shape(text: string, spec: FixtureCase): string {
  let out = text;
  if (spec.noFinalNewline) out = out.replace(/\n$/, '');
  if (spec.crlf) out = out.replace(/\n/g, '\r\n');
  if (spec.bom) out = `\uFEFF${out}`;
  return out;
}

async function validate(path: string, text: string, original: string): Promise<string | undefined> {
  if (/\.(?:sh|sbatch|bash)$/.test(path)) return validateShell(text, path, original);
  if (/Dockerfile/.test(path)) return validateDockerfile(text, path, original);
  if (/\.ya?ml$/.test(path)) {
    const error = parseAllDocuments(text.replace(/^\uFEFF/, '')).flatMap((document) => ('errors' in document ? document.errors : []))[0];
    return error?.message;
  }
  return undefined;
}

describe('migrate fixture pairs', () => {
  const all = cases();

  it('has a case for every format family', () => {
    const formats = new Set(all.map((fixture) => fixture.id.split('/')[0]));
    for (const format of FORMATS) expect(formats).toContain(format);
    expect(all.length).toBeGreaterThanOrEqual(30);
  });

  for (const { id, dir, spec } of all) {
    it(`${id}: ${spec.description}`, async () => {
      const values = new MarkerValues(spec.values, seedOf(id));
      const input = shape(values.expand(readFileSync(join(dir, 'input'), 'utf8')), spec);
      const files: Record<string, string> = { [spec.path]: input };
      for (const [path, text] of Object.entries(spec.files ?? {})) files[path] = values.expand(text);
      const root = makeRepo(files);

      const { report } = await migrate({ root, history: false });
      const outcome = report.files.find((file) => file.path === spec.path);
      expect(outcome, `no outcome for ${spec.path}: ${JSON.stringify(report.files)}`).toBeDefined();
      expect({ status: outcome!.status, reason: outcome!.reason }).toMatchObject({ status: spec.status });
      if (spec.reason) expect(outcome!.reason).toContain(spec.reason);
      for (const note of spec.notes ?? []) expect(outcome!.notes.join('\n')).toContain(note);

      const after = readFileSync(join(root, spec.path), 'utf8');
      if (spec.status === 'changed') {
        const expected = shape(values.expand(readFileSync(join(dir, 'output'), 'utf8')), spec);
        expect(after).toBe(expected);
        expect(await validate(spec.path, after, input)).toBeUndefined();
      } else {
        expect(after).toBe(input);
      }

      const envText = readFileSync(join(root, '.env'), 'utf8');
      const env = new Map(parseDotenv(envText).map((entry) => [entry.key, entry.value]));
      for (const [marker, name] of Object.entries(spec.names ?? {})) expect(env.get(name), `${name} in .env`).toBe(values.values.get(marker));
      const template = existsSync(join(root, '.env.example')) ? parseDotenv(readFileSync(join(root, '.env.example'), 'utf8')).map((entry) => entry.key) : [];
      for (const [marker, name] of Object.entries(spec.docsOnly ?? {})) {
        expect(envText, `${name} kept as a comment in .env`).toContain(`\n# ${name}=${values.values.get(marker)!}\n`);
        expect(env.has(name), `${name} is no variable`).toBe(false);
        expect(template, `${name} not in .env.example`).not.toContain(name);
      }
      // Nothing is lost: every value is in .env, as a variable or (documentation-only) as a comment.
      for (const value of values.values.values()) {
        if (input.includes(value)) expect(envText).toContain(value);
      }
      for (const [path, text] of Object.entries(spec.expectFiles ?? {})) expect(readFileSync(join(root, path), 'utf8')).toBe(values.expand(text));
      for (const [path, parts] of Object.entries(spec.expectContains ?? {})) {
        const text = readFileSync(join(root, path), 'utf8');
        for (const part of parts) expect(text).toContain(values.expand(part));
      }
      for (const [path, parts] of Object.entries(spec.expectNotContains ?? {})) {
        const text = readFileSync(join(root, path), 'utf8');
        for (const part of parts) expect(text).not.toContain(part);
      }
      for (const path of spec.expectMissing ?? []) expect(existsSync(join(root, path)), `${path} should not exist`).toBe(false);
      if (spec.untracked) {
        expect(report.untracked).toEqual(spec.untracked);
        const tracked = git(root, ['ls-files']).split('\n');
        for (const path of spec.untracked) {
          expect(tracked).not.toContain(path);
          expect(existsSync(join(root, path))).toBe(true);
          expect(git(root, ['check-ignore', path]).trim()).toBe(path);
        }
      }
      const serialized = JSON.stringify(report);
      for (const value of values.values.values()) expect(serialized).not.toContain(value);

      const second = await migrate({ root, history: false });
      expect(second.plan.writes.map((write) => write.path)).toEqual([]);
      expect(second.plan.untrack).toEqual([]);
    });
  }
});
