import type { FindingContext } from '../types/index.js';

/**
 * Where in a repository a finding sits, from its path alone: vendored code, tests and fixtures,
 * documentation, or product code. It helps a team triage; it never hides a finding (a key in a
 * test fixture is as live as one in the app).
 */
const VENDOR_DIRS = new Set(['vendor', 'vendored', 'third_party', 'third-party', 'thirdparty', 'node_modules', 'site-packages', 'dist-packages', 'bower_components', '.venv', 'venv']);
const TEST_DIRS = new Set(['test', 'tests', '__tests__', 'testing', 'testdata', 'test_data', 'fixtures', '__fixtures__', 'spec', 'e2e']);
const DOCS_DIRS = new Set(['docs', 'doc', 'documentation']);
const TEST_FILE = /^(?:test_.+\.py|.+_test\.(?:py|go|rb|rs)|.+\.(?:test|spec)\.[cm]?[jt]sx?|conftest\.py|.+Test\.(?:java|kt|scala))$/;
const DOCS_FILE = /\.(?:md|mdx|rst|adoc|asciidoc)$/i;

export function contextOf(path: string): FindingContext {
  const segments = path.split('/');
  const file = segments.pop() ?? '';
  const dirs = segments.map((segment) => segment.toLowerCase());
  if (dirs.some((dir) => VENDOR_DIRS.has(dir))) return 'vendor';
  if (dirs.some((dir) => TEST_DIRS.has(dir)) || TEST_FILE.test(file)) return 'test';
  if (dirs.some((dir) => DOCS_DIRS.has(dir)) || DOCS_FILE.test(file)) return 'docs';
  return 'code';
}
