import { z } from 'zod';
import type { Config, Rule } from '../types/index.js';
import { ConfigError } from '../util/errors.js';
import { DEFAULT_MAX_FILE_SIZE } from './config-file.js';

const kebabId = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be kebab-case');
// An empty or blank glob matches nothing useful and used to crash the matcher.
const pattern = z.string().regex(/\S/, 'must not be empty');
const envName = z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'must be an environment variable name');

/** One schema for built-in rules (rules/*.yaml) and users' rules (.leakguard.json). */
export const ruleSchema = z
  .object({
    id: kebabId.describe('Stable id, provider first; baselines refer to it'),
    provider: z.string().min(1),
    description: z.string().min(1),
    regex: z.string().min(1).describe('JavaScript RegExp source, compiled with the g flag'),
    caseInsensitive: z.boolean().optional(),
    secretGroup: z.number().int().min(0).optional(),
    keywords: z.array(z.string().min(1)).min(1).describe('At least one must occur before the regex runs'),
    prefix: z.string().optional(),
    entropy: z.number().min(0).max(8).optional(),
    checks: z
      .object({
        minDigits: z.number().int().min(0).optional(),
        minUpper: z.number().int().min(0).optional(),
        minLower: z.number().int().min(0).optional(),
        notHexOnly: z.boolean().optional(),
      })
      .strict()
      .optional(),
    decode: z.object({ encoding: z.literal('base64'), regex: z.string().min(1) }).strict().optional(),
    knownValues: z
      .array(
        z
          .object({
            sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be a lower-case sha256 hex digest'),
            kind: z.enum(['placeholder', 'test']),
            note: z.string().min(1),
          })
          .strict(),
      )
      .optional()
      .describe('Published values by sha256: placeholders are dropped, test tokens are reported and marked'),
    paths: z.array(pattern).optional(),
    envVar: envName,
    envAliases: z.array(envName).optional(),
    docsUrl: z.string().url(),
    verify: z.string().optional(),
    priority: z.number().int().min(0).optional(),
    examples: z
      .object({ match: z.array(z.string()).default([]), noMatch: z.array(z.string()).default([]) })
      .strict()
      .default({ match: [], noMatch: [] }),
  })
  .strict();

export const configSchema = z
  .object({
    $schema: z.string().optional(),
    rules: z.array(ruleSchema).default([]).describe('Extra rules; a rule with a built-in id replaces it'),
    disabledRules: z.array(z.string().min(1)).default([]).describe('Built-in rule ids to turn off'),
    ignorePaths: z.array(pattern).default([]).describe('Path globs (micromatch) never scanned'),
    allowValues: z.array(z.string().regex(/\S/, 'must not be empty')).default([]).describe('Exact values that are never findings'),
    maxFileSize: z.number().int().positive().default(DEFAULT_MAX_FILE_SIZE).describe('Bytes; larger files are skipped'),
    verifyOnCommit: z
      .boolean()
      .default(false)
      .describe('Ignored here (a repository cannot turn the network on): set it in ~/.config/leakguard/config.json or LEAKGUARD_VERIFY_ON_COMMIT=1'),
  })
  .strict();

function describeIssue(issue: z.core.$ZodIssue): string {
  const key = issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)';
  return `${key}: ${issue.message}`;
}

export function validateConfig(data: unknown, file: string): Config {
  const result = configSchema.safeParse(data);
  if (!result.success) {
    const first = result.error.issues[0];
    throw new ConfigError(`invalid config ${file}: ${first ? describeIssue(first) : 'unknown error'}`);
  }
  const { $schema: _ignored, ...config } = result.data;
  return { ...config, rules: config.rules as Rule[], source: file };
}

export function validateRules(data: unknown, file: string): Rule[] {
  const result = z.array(ruleSchema).safeParse(data);
  if (!result.success) {
    const first = result.error.issues[0];
    throw new ConfigError(`invalid rules ${file}: ${first ? describeIssue(first) : 'unknown error'}`);
  }
  return result.data as Rule[];
}

/** The JSON schema users point `$schema` at; generated into schema/ and checked for drift. */
export function configJsonSchema(): unknown {
  return z.toJSONSchema(configSchema, { io: 'input' });
}
