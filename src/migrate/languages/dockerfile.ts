/**
 * Dockerfiles: an `ENV` that held a credential is removed (the value would be baked into every
 * image layer), an `ARG` loses its default, `RUN` steps read the value from a BuildKit secret
 * mount, and shell-form `CMD`/`ENTRYPOINT` expand it at run time. The report says how to pass it.
 */
import type { LanguageSupport, NamedFinding, RewriteRequest, RewriteResult } from '../types.js';
import { applyEdits, eolOf, locateFinding, type Edit } from '../text.js';
import { shellEdits, type ShellReferences } from './shell/edits.js';

const DOCKERFILE = /(?:^|\/)(?:Dockerfile|Containerfile)(?:\.[^/]*)?$|\.(?:dockerfile|containerfile)$/i;

const KEYWORDS = new Set(['FROM', 'RUN', 'CMD', 'LABEL', 'MAINTAINER', 'EXPOSE', 'ENV', 'ADD', 'COPY', 'ENTRYPOINT', 'VOLUME', 'USER', 'WORKDIR', 'ARG', 'ONBUILD', 'STOPSIGNAL', 'HEALTHCHECK', 'SHELL']);

export interface Instruction {
  keyword: string;
  /** Offset of the first character of the instruction's first line. */
  start: number;
  /** Offset just past the instruction's last line break (or the end of the text). */
  end: number;
  /** Offset of the first argument character. */
  argsStart: number;
  /** The last line ends with the escape character and nothing follows. */
  dangling: boolean;
}

export interface ParsedDockerfile {
  instructions: Instruction[];
  /** Standalone comment lines: [start, end). */
  comments: [number, number][];
  escape: string;
  hasSyntaxDirective: boolean;
}

export function parseDockerfile(text: string): ParsedDockerfile {
  const escape = /^(?:\uFEFF)?(?:#\s*\w+\s*=.*\r?\n)*#\s*escape\s*=\s*([\\`])/i.exec(text)?.[1] ?? '\\';
  const hasSyntaxDirective = /^(?:\uFEFF)?(?:#\s*\w+\s*=.*\r?\n)*#\s*syntax\s*=/i.test(text);
  const instructions: Instruction[] = [];
  const comments: [number, number][] = [];
  let offset = 0;
  let current: Instruction | undefined;
  while (offset < text.length) {
    let lineEnd = text.indexOf('\n', offset);
    const next = lineEnd === -1 ? text.length : lineEnd + 1;
    if (lineEnd === -1) lineEnd = text.length;
    const line = text.slice(offset, lineEnd).replace(/\r$/, '').replace(/^\uFEFF/, '');
    const trimmed = line.trim();
    if (current) {
      // Inside a continuation: comment and blank lines are skipped by Docker.
      if (trimmed !== '' && !trimmed.startsWith('#')) {
        current.end = next;
        if (!continues(line, escape)) {
          current.dangling = false;
          current = undefined;
        }
      }
      offset = next;
      continue;
    }
    if (trimmed.startsWith('#')) {
      comments.push([offset, lineEnd]);
    } else if (trimmed !== '') {
      const lead = line.length - line.trimStart().length + (text.startsWith('\uFEFF', offset) ? 1 : 0);
      const keyword = /^\S+/.exec(trimmed)?.[0] ?? '';
      const afterKeyword = offset + lead + keyword.length;
      const argsStart = afterKeyword + (/^[ \t]*/.exec(text.slice(afterKeyword))?.[0].length ?? 0);
      const instruction: Instruction = { keyword: keyword.toUpperCase(), start: offset, end: next, argsStart, dangling: false };
      instructions.push(instruction);
      if (continues(line, escape)) {
        instruction.dangling = true;
        current = instruction;
      }
    }
    offset = next;
  }
  return { instructions, comments, escape, hasSyntaxDirective };
}

function continues(line: string, escape: string): boolean {
  return line.trimEnd().endsWith(escape) && !line.trimStart().startsWith('#');
}

/** Whitespace-separated words of an instruction's arguments, quotes and line continuations honoured. */
export function instructionWords(text: string, instruction: Instruction, escape: string): { start: number; end: number }[] {
  const words: { start: number; end: number }[] = [];
  let i = instruction.argsStart;
  const end = instruction.end;
  let lineStart = true;
  while (i < end) {
    const c = text[i]!;
    if (c === '\n') {
      lineStart = true;
      i++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === escape && /^[ \t]*\r?\n/.test(text.slice(i + 1, i + 4))) {
      i = text.indexOf('\n', i) + 1;
      lineStart = true;
      continue;
    }
    if (lineStart && c === '#' && i !== instruction.argsStart) {
      const nl = text.indexOf('\n', i);
      i = nl === -1 ? end : nl + 1;
      continue;
    }
    lineStart = false;
    const start = i;
    while (i < end && !/[ \t\r\n]/.test(text[i]!)) {
      const q = text[i]!;
      if (q === '"' || q === "'") {
        i++;
        while (i < end && text[i] !== q) {
          if (text[i] === escape && q === '"') i++;
          i++;
        }
        i++;
      } else if (q === escape && !/^[ \t]*\r?\n/.test(text.slice(i + 1, i + 4))) {
        i += 2;
      } else if (q === escape) {
        break;
      } else {
        i++;
      }
    }
    words.push({ start, end: Math.min(i, end) });
  }
  return words;
}

function unquote(value: string): string {
  if (value.length >= 2 && (value[0] === '"' || value[0] === "'") && value.endsWith(value[0]!)) return value.slice(1, -1);
  return value;
}

const RUN_REFERENCES: ShellReferences = { expansion: (name) => `\${${name}}`, comment: (name) => `$${name}` };

export function secretId(name: string): string {
  return name.toLowerCase();
}

function mountFlag(name: string): string {
  return `--mount=type=secret,id=${secretId(name)},env=${name}`;
}

export async function rewriteDockerfile(request: RewriteRequest): Promise<RewriteResult> {
  const { text } = request;
  const parsed = parseDockerfile(text);
  const edits: Edit[] = [];
  const removedEnv = new Set<string>();
  const mounts = new Map<Instruction, Set<string>>();
  const notes = new Set<string>();
  const byInstruction = new Map<Instruction, NamedFinding[]>();

  for (const finding of request.findings) {
    const offset = finding.offset ?? locateFinding(text, finding);
    if (offset === undefined) return manual(`line ${finding.line}: the value is not where the scan found it`);
    const located = { ...finding, offset };
    if (parsed.comments.some(([start, end]) => offset >= start && offset < end)) {
      edits.push({ start: offset, end: offset + finding.secret.length, text: `$${finding.envVar}` });
      continue;
    }
    const instruction = parsed.instructions.find((candidate) => offset >= candidate.argsStart && offset < candidate.end);
    if (!instruction) return manual(`line ${finding.line}: not inside an instruction's arguments`);
    const list = byInstruction.get(instruction);
    if (list) list.push(located);
    else byInstruction.set(instruction, [located]);
  }

  for (const [instruction, findings] of byInstruction) {
    const line = lineOf(text, instruction.start);
    switch (instruction.keyword) {
      case 'ENV': {
        const result = envEdits(text, instruction, parsed.escape, findings);
        if (typeof result === 'string') return manual(`line ${line}: ${result}`);
        edits.push(...result.edits);
        for (const name of result.removed) removedEnv.add(name);
        break;
      }
      case 'ARG': {
        const words = instructionWords(text, instruction, parsed.escape);
        for (const finding of findings) {
          const word = words.find((candidate) => finding.offset! >= candidate.start && finding.offset! < candidate.end);
          const source = word ? text.slice(word.start, word.end) : '';
          const eq = source.indexOf('=');
          if (!word || eq === -1 || unquote(source.slice(eq + 1)) !== finding.secret) return manual(`line ${line}: ARG default holds more than the credential`);
          edits.push({ start: word.start + eq, end: word.end, text: '' });
          notes.add(`ARG ${source.slice(0, eq)} has no default now: build arguments are stored in the image history, so pass credentials as BuildKit secrets (docker build --secret id=${secretId(finding.envVar)},env=${finding.envVar} .)`);
        }
        break;
      }
      case 'RUN':
      case 'CMD':
      case 'ENTRYPOINT': {
        if (text.slice(instruction.argsStart, instruction.argsStart + 1) === '[') {
          return manual(`line ${line}: exec-form ${instruction.keyword} [...] runs no shell, so a variable cannot expand there; use the shell form or read the variable in the program`);
        }
        if (instruction.keyword === 'RUN') {
          const logins = loginEdits(text, instruction);
          const inLogin = (finding: NamedFinding): boolean => logins.some((edit) => finding.offset! >= edit.start && finding.offset! < edit.end);
          if (logins.length > 0 && findings.every(inLogin)) {
            edits.push(...logins);
            notes.add(LOGIN_NOTE(findings.map((finding) => finding.envVar)));
            // The step's other commands (a gated download) get the value for this step only.
            if (!deletesInstruction(logins, instruction)) for (const finding of findings) addMount(mounts, instruction, finding.envVar);
            break;
          }
        }
        const sites = findings.map((finding) => ({ offset: finding.offset!, secret: finding.secret, name: finding.envVar, from: instruction.argsStart }));
        const shell = shellEdits(text, sites, RUN_REFERENCES);
        if (shell.problems.length > 0) return manual(`line ${line}: ${shell.problems[0]}`);
        edits.push(...shell.edits);
        if (instruction.keyword === 'RUN') {
          for (const finding of findings) addMount(mounts, instruction, finding.envVar);
        } else {
          notes.add(`${instruction.keyword} expands ${findings.map((f) => f.envVar).join(', ')} when the container starts: run it with docker run --env-file .env (compose reads .env itself)`);
        }
        break;
      }
      default:
        if (!KEYWORDS.has(instruction.keyword)) return manual(`line ${line}: inside a RUN here-document or an instruction leakguard does not know; move the value out by hand`);
        return manual(`line ${line}: ${instruction.keyword} cannot read a variable at run time; move the credential out of the image by hand`);
    }
  }

  if (removedEnv.size > 0) {
    // RUN steps that expanded a removed ENV now read it from a BuildKit secret instead.
    // A login step that read a removed ENV goes too: it would write the token into the layer.
    for (const instruction of parsed.instructions) {
      if (instruction.keyword !== 'RUN') continue;
      const logins = loginEdits(text, instruction);
      const loginText = logins.map((edit) => text.slice(edit.start, edit.end)).join('\n');
      const read = [...removedEnv].filter((name) => new RegExp(`\\$\\{?${name}\\b`).test(loginText));
      if (read.length > 0 && !byInstruction.has(instruction)) {
        edits.push(...logins);
        notes.add(LOGIN_NOTE(read));
        if (!deletesInstruction(logins, instruction)) for (const name of read) addMount(mounts, instruction, name);
        continue;
      }
      const body = text.slice(instruction.argsStart, instruction.end);
      for (const name of removedEnv) if (new RegExp(`\\$\\{?${name}\\b`).test(body)) addMount(mounts, instruction, name);
    }
    const names = [...removedEnv];
    const secretFlags = names.map((name) => `--secret id=${secretId(name)},env=${name}`).join(' ');
    notes.add(
      `ENV ${names.join(', ')} removed: pass ${names.length > 1 ? 'them' : 'it'} when the container runs (docker run --env-file .env …; compose reads .env), or to a build step as a BuildKit secret (docker build ${secretFlags} .)`,
    );
    notes.add('images built from the old Dockerfile still hold the value: rebuild, and delete the old tags from every registry');
  }
  for (const [instruction, names] of mounts) {
    const existing = text.slice(instruction.argsStart, instruction.end);
    const flags = [...names].filter((name) => !existing.includes(`id=${secretId(name)}`)).map(mountFlag);
    if (flags.length === 0) continue;
    edits.push({ start: instruction.argsStart, end: instruction.argsStart, text: `${flags.join(' ')} ` });
    notes.add(`RUN reads ${[...names].join(', ')} from a BuildKit secret: docker build ${[...names].map((name) => `--secret id=${secretId(name)},env=${name}`).join(' ')} .`);
  }
  if (mounts.size > 0 && !parsed.hasSyntaxDirective) {
    // `env=` secret mounts need a current Dockerfile frontend; the directive must be the first line.
    const at = text.startsWith('\uFEFF') ? 1 : 0;
    edits.push({ start: at, end: at, text: `# syntax=docker/dockerfile:1${eolOf(text)}` });
  }
  return { status: 'changed', text: applyEdits(text, edits), notes: [...notes] };
}

const LOGIN_NOTE = (names: string[]): string =>
  `removed the CLI login from the RUN step: a login during the build writes the token into the image layer for good; pass ${[...new Set(names)].join(', ')} when the container runs instead (docker run --env-file .env …, or -e NAME), where huggingface_hub and wandb read it themselves`;

function deletesInstruction(edits: readonly Edit[], instruction: Instruction): boolean {
  return edits.some((edit) => edit.start === instruction.start && edit.end === instruction.end);
}

/** `huggingface-cli login`, `hf auth login`, `wandb login` as one command of a RUN step. */
const LOGIN_COMMAND = /^(?:huggingface-cli\s+login|hf\s+auth\s+login|wandb\s+login)\b/;

/**
 * Edits that delete each login command of a RUN step with its `&&` / `;` joint, or the whole
 * instruction when it does nothing else. None when the step holds no login.
 */
function loginEdits(text: string, instruction: Instruction): Edit[] {
  if (text[instruction.argsStart] === '[') return [];
  const body = text.slice(instruction.argsStart, instruction.end);
  const parts: { start: number; end: number; login: boolean }[] = [];
  const joint = /&&|\|\||;/g;
  let at = 0;
  for (let match = joint.exec(body); ; match = joint.exec(body)) {
    const end = match ? match.index : body.length;
    const command = body.slice(at, end).replace(/\\\r?\n/g, ' ').trim();
    parts.push({ start: at, end, login: LOGIN_COMMAND.test(command) });
    if (!match) break;
    at = match.index + match[0].length;
  }
  if (!parts.some((part) => part.login)) return [];
  if (parts.every((part) => part.login)) return [{ start: instruction.start, end: instruction.end, text: '' }];
  const edits: Edit[] = [];
  // Where a command's text really ends: before trailing blanks, line continuations and newlines.
  const contentEnd = (part: { start: number; end: number }): number => part.start + body.slice(part.start, part.end).replace(/(?:\s|\\(?=\s*$))+$/, '').length;
  parts.forEach((part, index) => {
    if (!part.login) return;
    const next = parts[index + 1];
    const previous = parts[index - 1];
    let start: number;
    let end: number;
    if (!previous) {
      // The first command goes with the joint after it and the blanks that follow.
      start = part.start;
      end = next!.start + (/^(?:\s|\\\r?\n)*/.exec(body.slice(next!.start))?.[0].length ?? 0);
    } else if (next) {
      start = previous.end; // from the joint before it up to the joint after it
      end = part.end;
    } else {
      start = contentEnd(previous); // the last command: the joint before it, and what it continued
      end = contentEnd(part);
    }
    edits.push({ start: instruction.argsStart + start, end: instruction.argsStart + end, text: '' });
  });
  return edits;
}

interface EnvEdits {
  edits: Edit[];
  removed: string[];
}

function envEdits(text: string, instruction: Instruction, escape: string, findings: NamedFinding[]): EnvEdits | string {
  const words = instructionWords(text, instruction, escape);
  const first = words[0];
  if (!first) return 'empty ENV';
  const legacy = !text.slice(first.start, first.end).includes('=');
  if (legacy) {
    // `ENV NAME value…`: the whole instruction is the one variable.
    return { edits: [{ start: instruction.start, end: instruction.end, text: '' }], removed: [text.slice(first.start, first.end)] };
  }
  const doomed = new Set<number>();
  const removed: string[] = [];
  for (const finding of findings) {
    const index = words.findIndex((word) => finding.offset! >= word.start && finding.offset! < word.end);
    const word = words[index];
    if (!word) return 'the value is not part of a NAME=value pair';
    const source = text.slice(word.start, word.end);
    const eq = source.indexOf('=');
    if (eq === -1 || unquote(source.slice(eq + 1)) !== finding.secret) {
      return `ENV ${source.slice(0, Math.max(eq, 0))} holds more than the credential; remove it by hand and pass the value at run time`;
    }
    doomed.add(index);
    removed.push(source.slice(0, eq));
  }
  if (doomed.size === words.length) return { edits: [{ start: instruction.start, end: instruction.end, text: '' }], removed };
  const edits: Edit[] = [];
  // Remove each pair with the separator after it, or before it for the last pair, so the
  // remaining pairs keep their layout and the last line never ends in a dangling escape.
  const ranges: [number, number][] = [];
  for (const index of [...doomed].sort((a, b) => a - b)) {
    const word = words[index]!;
    const nextKept = words.slice(index + 1).find((_, offset) => !doomed.has(index + 1 + offset));
    if (nextKept) ranges.push([word.start, nextKept.start]);
    else {
      const previousKept = [...words.slice(0, index)].reverse().find((candidate) => !doomed.has(words.indexOf(candidate)));
      ranges.push([previousKept ? previousKept.end : word.start, word.end]);
    }
  }
  for (const [start, end] of mergeRanges(ranges)) edits.push({ start, end, text: '' });
  return { edits, removed };
}

function mergeRanges(ranges: [number, number][]): [number, number][] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const range of sorted) {
    const last = merged[merged.length - 1];
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push([...range]);
  }
  return merged;
}

function addMount(mounts: Map<Instruction, Set<string>>, instruction: Instruction, name: string): void {
  const names = mounts.get(instruction) ?? new Set<string>();
  names.add(name);
  mounts.set(instruction, names);
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

function manual(reason: string): RewriteResult {
  return { status: 'manual', reason };
}

/** Every instruction starts with a known keyword and none ends in a dangling line continuation. */
export async function validateDockerfile(text: string, _path?: string, original?: string): Promise<string | undefined> {
  if (original !== undefined && (await validateDockerfile(original)) !== undefined) return undefined;
  const parsed = parseDockerfile(text);
  for (const instruction of parsed.instructions) {
    if (!KEYWORDS.has(instruction.keyword)) return `line ${lineOf(text, instruction.start)}: unknown instruction ${instruction.keyword}`;
    if (instruction.dangling) return `line ${lineOf(text, instruction.start)}: ${instruction.keyword} ends with a dangling line continuation`;
    if (instructionWords(text, instruction, parsed.escape).length === 0) return `line ${lineOf(text, instruction.start)}: ${instruction.keyword} has no arguments`;
  }
  return undefined;
}

export const dockerfile: LanguageSupport = {
  name: 'dockerfile',
  handles: (path) => DOCKERFILE.test(path),
  rewrite: rewriteDockerfile,
  validate: validateDockerfile,
};
