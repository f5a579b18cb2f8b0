import { describe, expect, it } from 'vitest';
import { contextOf } from '../../src/findings/context.js';
import { compileRules, scanFragment } from '../../src/scanner/index.js';
import { readRuleYaml } from '../../src/rules/builtin.js';
import { FakeTokens } from '../../src/util/fake-tokens.js';
import { globMatcher } from '../../src/util/globs.js';
import { REPO_ROOT } from '../support/cli.js';
import { join } from 'node:path';

describe('contextOf', () => {
  it.each([
    ['tests/testing_constants.py', 'test'],
    ['src/pkg/test_login.py', 'test'],
    ['core/internal/auth/auth_test.go', 'test'],
    ['web/src/__tests__/client.ts', 'test'],
    ['web/src/client.test.ts', 'test'],
    ['spec/fixtures/config.yaml', 'test'],
    ['tests/fixtures/hub.py', 'test'],
    ['core/vendor/github.com/x/y/keys_test_data.go', 'vendor'],
    ['third_party/lib/config.py', 'vendor'],
    ['web/node_modules/pkg/index.js', 'vendor'],
    ['.venv/lib/python3.12/site-packages/pkg/x.py', 'vendor'],
    ['docs/source/quickstart.md', 'docs'],
    ['README.md', 'docs'],
    ['guide/setup.rst', 'docs'],
    ['src/train.py', 'code'],
    ['scripts/launch.sh', 'code'],
    ['contest/latest.py', 'code'],
    ['attestation/testimony.py', 'code'],
  ])('%s is %s', (path, context) => {
    expect(contextOf(path)).toBe(context);
  });

  it('is set on every finding the scanner makes, and never removes one', () => {
    const rules = compileRules(readRuleYaml(join(REPO_ROOT, 'rules')), globMatcher);
    const token = new FakeTokens(99).huggingFace();
    const text = `login(token="${token}")\n`;
    const byPath = ['src/train.py', 'tests/test_train.py', 'vendor/x/train.py', 'docs/train.md'].map((path) => scanFragment({ path, text }, rules));
    expect(byPath.map((findings) => findings.map((f) => f.context))).toEqual([['code'], ['test'], ['vendor'], ['docs']]);
  });
});
