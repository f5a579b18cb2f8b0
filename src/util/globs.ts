import micromatch from 'micromatch';

/**
 * One predicate for a list of micromatch globs, compiled once. A glob without a slash also
 * matches by base name (`*.env` → `deploy/prod.env`), as users expect from .gitignore habits.
 */
export function globMatcher(globs: string[]): (path: string) => boolean {
  const matchers = globs.map((glob) => micromatch.matcher(glob, { dot: true, basename: !glob.includes('/') }));
  return (path) => matchers.some((matches) => matches(path));
}
