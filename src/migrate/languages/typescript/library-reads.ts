import { Node } from 'ts-morph';
import { lineStart, nextLineStart, type SpanEdit } from '../span-edits.js';

/**
 * `new OpenAI({ apiKey: "sk-…" })` and `new Anthropic({ apiKey: … })`: both SDKs default `apiKey`
 * to `process.env.OPENAI_API_KEY` / `ANTHROPIC_API_KEY` (their client constructors call
 * `readEnv`), so the expert rewrite drops the property and imports no resolver.
 * `@huggingface/inference` reads no environment variable (`new HfInference()` sends no token),
 * so `new HfInference("hf_…")` keeps the resolver.
 */

interface ClientRead {
  library: string;
  /** The module the client class comes from. */
  module: string;
  constructors: RegExp;
  envVar: string;
}

const CLIENT_READS: readonly ClientRead[] = [
  { library: 'openai', module: 'openai', constructors: /^(?:OpenAI|OpenAI\.OpenAI)$/, envVar: 'OPENAI_API_KEY' },
  { library: '@anthropic-ai/sdk', module: '@anthropic-ai/sdk', constructors: /^(?:Anthropic|Anthropic\.Anthropic)$/, envVar: 'ANTHROPIC_API_KEY' },
];

export type ClientReadEdit = { edit: SpanEdit; library: string } | { browser: string };

/** The edit that leaves the value to the SDK, when the literal is the `apiKey` of its client. */
export function clientReadEdit(literal: Node, envVar: string, text: string): ClientReadEdit | undefined {
  const property = literal.getParent();
  if (!property || !Node.isPropertyAssignment(property) || property.getInitializer() !== literal || property.getName() !== 'apiKey') return undefined;
  const object = property.getParent();
  const construction = object?.getParent();
  if (!object || !Node.isObjectLiteralExpression(object) || !construction || !Node.isNewExpression(construction)) return undefined;
  const args = construction.getArguments();
  if (args[0] !== object) return undefined;
  const name = construction.getExpression().getText().replace(/\s+/g, '');
  const read = CLIENT_READS.find((entry) => entry.constructors.test(name) && entry.envVar === envVar && importsModule(text, entry.module));
  if (!read) return undefined;
  // The SDKs' opt-in for browser code: no environment there, and any key in it is public.
  if (object.getProperty('dangerouslyAllowBrowser')) return { browser: read.library };
  // The only option and the only argument: `new OpenAI()`.
  if (object.getProperties().length === 1 && args.length === 1) return { edit: { start: object.getStart(), end: object.getEnd(), text: '' }, library: read.library };
  return { edit: deleteProperty(text, property), library: read.library };
}

/** `import OpenAI from "openai"`, `import { OpenAI } from 'openai'`, `require("openai")`. */
function importsModule(text: string, module: string): boolean {
  const quoted = module.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  return new RegExp(`(?:\\bfrom\\s*|\\brequire\\s*\\(\\s*|\\bimport\\s*\\(\\s*)(["'\`])${quoted}\\1`).test(text);
}

/** One property of an object literal, with one comma; a property alone on its line takes the line. */
function deleteProperty(text: string, property: Node): SpanEdit {
  const start = property.getStart();
  const end = property.getEnd();
  const comma = /^[ \t]*,/.exec(text.slice(end));
  const afterComma = comma ? end + comma[0].length : end;
  const from = lineStart(text, start);
  const lineEnd = nextLineStart(text, afterComma);
  const tail = text.slice(afterComma, lineEnd).replace(/\r?\n$/, '');
  if (/^[ \t]*$/.test(text.slice(from, start)) && /^[ \t]*(?:\/\/[^\n]*)?$/.test(tail)) return { start: from, end: lineEnd, text: '' };
  if (comma) {
    const spaces = /^[ \t]*/.exec(text.slice(afterComma))?.[0].length ?? 0;
    return { start, end: afterComma + spaces, text: '' };
  }
  const before = /,[ \t]*$/.exec(text.slice(0, start));
  return { start: before ? start - before[0].length : start, end, text: '' };
}
