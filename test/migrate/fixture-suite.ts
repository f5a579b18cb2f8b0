import { expect, it } from 'vitest';
import type { LanguageSupport } from '../../src/migrate/types.js';
import { expectedStatus, leakedValues, runCase, type CaseRun, type FixtureCase } from './fixture-runner.js';

/**
 * One test per fixture case: status, golden output (byte for byte), generated files, notes, the
 * rewrite re-validates, and no token value (or split half) survives in the text, notes or reason.
 */
export function fixtureTests(cases: readonly FixtureCase[], language: LanguageSupport, runs: CaseRun[]): void {
  for (const fixture of cases) {
    it(`${fixture.name}`, async () => {
      const run = await runCase(fixture, language);
      runs.push(run);
      const { result } = run;
      expect(result.status, result.reason).toBe(expectedStatus(fixture));
      if (run.expected !== undefined) expect(result.text).toBe(run.expected);
      if (result.status === 'manual') {
        expect(result.reason).toBeTruthy();
        if (fixture.config.reason) expect(result.reason).toContain(fixture.config.reason);
        expect(result.text).toBeUndefined();
      }
      if (fixture.config.generated) expect((result.generated ?? []).map((file) => file.path)).toEqual(fixture.config.generated);
      for (const generated of result.generated ?? []) expect(generated.createOnly).toBe(true);
      for (const note of fixture.config.notes ?? []) expect([...(result.notes ?? []), result.reason ?? ''].join('\n')).toContain(note);
      expect(leakedValues(run)).toEqual([]);
      if (result.status === 'changed' && result.text !== undefined && language.validate) {
        expect(await language.validate(result.text, run.path, run.input)).toBeUndefined();
      }
    });
  }
}
