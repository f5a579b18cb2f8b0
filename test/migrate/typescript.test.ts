import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { typescript } from '../../src/migrate/languages/typescript/index.js';
import { loadCases, materialise, type CaseRun } from './fixture-runner.js';
import { fixtureTests } from './fixture-suite.js';
import { FixtureTokens } from './fixture-tokens.js';
import { typeCheck } from './type-check.js';

const runs: CaseRun[] = [];
const cases = loadCases('typescript');

describe('typescript fixtures (SHAPES S51–S55)', () => {
  fixtureTests(cases, typescript, runs);

  it('type-checks every rewritten TS file with its generated resolver (tsc --noEmit, strict)', () => {
    const files = runs
      .filter((run) => run.result.status === 'changed')
      .flatMap((run) => materialise(run))
      .filter((file) => /\.(?:ts|tsx|mts)$/.test(file));
    expect(files.length).toBeGreaterThan(8);
    expect(typeCheck(files)).toEqual([]);
  }, 120_000);

  it('node --check accepts every rewritten JS file and generated JS resolver', () => {
    const files = runs
      .filter((run) => run.result.status === 'changed')
      .flatMap((run) => materialise(run))
      .filter((file) => /\.(?:js|mjs|cjs)$/.test(file));
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) execFileSync(process.execPath, ['--check', file], { stdio: 'pipe' });
  });
});

describe('typescript rewriter', () => {
  const tokens = new FixtureTokens(5);
  const rewrite = (template: string, path = 'src/a.ts', style: 'resolver' | 'env' = 'resolver') =>
    typescript.rewrite({ path, root: '/nonexistent', text: tokens.expand(template), findings: tokens.findings(template, path), style, repoFiles: new Set([path]) });

  it('imports getSecret once per file, after the last import', async () => {
    const result = await rewrite('import a from "a";\nimport b from "b";\nexport const x = ["@@HF_TOKEN@@", "@@WANDB_API_KEY@@"];\n');
    expect(result.text).toBe('import a from "a";\nimport b from "b";\nimport { getSecret } from "./secret-resolver";\nexport const x = [getSecret("HF_TOKEN"), getSecret("WANDB_API_KEY")];\n');
  });

  it('keeps header comments and the directive prologue above the import', async () => {
    const result = await rewrite('// @ts-check\n"use strict";\nexport const key = "@@OPENAI_API_KEY@@";\n', 'src/a.js');
    expect(result.text).toBe('// @ts-check\n"use strict";\nimport { getSecret } from "./secret-resolver.mjs";\nexport const key = getSecret("OPENAI_API_KEY");\n');
  });

  it('refuses a file that already defines its own getSecret', async () => {
    const result = await rewrite('function getSecret() { return ""; }\nexport const k = "@@HF_TOKEN@@";\n');
    expect(result.status).toBe('manual');
    expect(result.reason).toContain('getSecret');
  });

  it('reports Vite client code (import.meta.env) as manual', async () => {
    const result = await rewrite('export const hf = new InferenceClient(import.meta.env.VITE_HF_TOKEN || "@@HF_TOKEN@@");\n', 'src/main.ts');
    expect(result.status).toBe('manual');
    expect(result.reason).toMatch(/browser/);
  });

  it('validate reports syntax errors only', async () => {
    expect(await typescript.validate!('const x: number = "not a number";\n', 'a.ts')).toBeUndefined();
    expect(await typescript.validate!('const x = ;\n', 'a.ts')).toMatch(/line 1/);
  });
});
