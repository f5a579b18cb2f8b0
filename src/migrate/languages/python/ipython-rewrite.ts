import type { SpanEdit } from '../span-edits.js';
import { lineStart, nextLineStart } from '../span-edits.js';
import type { ResolverStyle } from '../../types.js';
import { shellReference, type IPythonLine } from './ipython.js';
import type { PythonNeeds } from './lookup.js';

interface LineSite {
  offset: number;
  named: { secret: string; envVar: string };
}

export type IPythonRewrite = { edits: SpanEdit[]; notes: string[] } | { manual: string };

/** `%env NAME=value`, `%env NAME value`, `%set_env NAME value`. */
const ENV_MAGIC = /^%(?:env|set_env)\s+([A-Za-z_][A-Za-z0-9_]*)(?:\s*=\s*|\s+)(["']?)(.*?)\2\s*$/;
/** Line magics whose argument is a shell command line (IPython expands `{expr}` and `$name` in it). */
const SHELL_MAGIC = /^%(?:sh|system|sx|pip|conda)\b/;

/**
 * Rewrites an IPython line holding a secret. In `!` lines and shell-like magics IPython first
 * expands `{expr}` from the Python namespace, so the resolver call goes in braces and the shell
 * never needs the variable exported; with `--style env` the shell reads `$NAME` from the
 * environment. `%env NAME=value` becomes a Python statement that puts the resolved value into the
 * environment for the cells after it, or goes away with `--style env`.
 */
export function rewriteIPythonLine(
  text: string,
  line: IPythonLine,
  sites: readonly LineSite[],
  style: ResolverStyle,
  needs: PythonNeeds,
): IPythonRewrite {
  const source = text.slice(line.start, line.end);
  if (line.kind === 'magic') {
    const env = ENV_MAGIC.exec(source);
    if (env) return envMagic(text, line, env, sites, style, needs);
    if (!SHELL_MAGIC.test(source)) return { manual: `IPython magic ${source.split(/\s/)[0] ?? ''} holds a credential` };
  }
  const edits: SpanEdit[] = [];
  for (const site of sites) {
    const start = site.offset - line.start;
    const end = start + site.named.secret.length;
    if (style === 'env') {
      const reference = shellReference(source, start, end, site.named.envVar);
      edits.push({ start: line.start + reference.start, end: line.start + reference.end, text: reference.text });
    } else {
      needs.getSecret = true;
      edits.push({ start: site.offset, end: site.offset + site.named.secret.length, text: `{get_secret('${site.named.envVar}')}` });
    }
  }
  return { edits, notes: [] };
}

function envMagic(
  text: string,
  line: IPythonLine,
  match: RegExpExecArray,
  sites: readonly LineSite[],
  style: ResolverStyle,
  needs: PythonNeeds,
): IPythonRewrite {
  const [, name = '', , value = ''] = match;
  const site = sites[0];
  if (!site || sites.length !== 1 || value !== site.named.secret) {
    return { manual: `%env ${name} holds a credential mixed with other text` };
  }
  const envVar = site.named.envVar;
  if (style === 'env' && name === envVar) {
    return {
      edits: [{ start: lineStart(text, line.start), end: nextLineStart(text, line.end), text: '' }],
      notes: [`removed %env ${name}=…; ${name} must now come from the environment the notebook starts in`],
    };
  }
  needs.os = true;
  const expression = style === 'env' ? `os.environ["${envVar}"]` : `get_secret("${envVar}")`;
  if (style !== 'env') needs.getSecret = true;
  return { edits: [{ start: line.start, end: line.end, text: `os.environ["${name}"] = ${expression}` }], notes: [] };
}
