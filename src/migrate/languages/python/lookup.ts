import type { ResolverStyle } from '../../types.js';

/** What a rewritten Python file must import. */
export interface PythonNeeds {
  getSecret: boolean;
  findSecret: boolean;
  os: boolean;
}

export function noNeeds(): PythonNeeds {
  return { getSecret: false, findSecret: false, os: false };
}

/**
 * The expression that reads `envVar`: the resolver (`get_secret`, or `find_secret` where the old
 * literal was only a default and None is acceptable) or, with `--style env`, `os.environ`.
 */
export function lookupExpression(
  style: ResolverStyle,
  envVar: string,
  quote: string,
  required: boolean,
  needs: PythonNeeds,
): string {
  const name = `${quote}${envVar}${quote}`;
  if (style === 'env') {
    needs.os = true;
    return required ? `os.environ[${name}]` : `os.environ.get(${name})`;
  }
  if (required) needs.getSecret = true;
  else needs.findSecret = true;
  return required ? `get_secret(${name})` : `find_secret(${name})`;
}
