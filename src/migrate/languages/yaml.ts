/**
 * YAML, in the idiom of whoever reads the file: GitHub Actions `${{ secrets.X }}`, AMLT
 * `$${{secrets.X}}` (its own `$` templating needs the doubled `$`), docker compose
 * `${X:?…}` (compose reads `.env` itself), OmegaConf/Hydra `${oc.env:X}`. A plain YAML config or a
 * Kubernetes manifest has no interpolation at all, so those are left for a person, with the
 * reason. The `yaml` package only locates scalars and validates; edits are spans of the original.
 */
import { parseAllDocuments, visit, isMap, isPair, isScalar, isSeq, type Document, type Scalar } from 'yaml';
import type { LanguageSupport, RewriteRequest, RewriteResult } from '../types.js';
import { applyEdits, locateFinding, type Edit } from '../text.js';

export type YamlConsumer = 'github-actions' | 'amlt' | 'compose' | 'omegaconf' | 'kubernetes' | 'gitlab-ci' | 'plain';

const REFERENCES: Record<'github-actions' | 'amlt' | 'compose' | 'omegaconf', (name: string) => string> = {
  'github-actions': (name) => `\${{ secrets.${name} }}`,
  amlt: (name) => `$\${{secrets.${name}}}`,
  compose: (name) => `\${${name}:?set ${name} in .env}`,
  omegaconf: (name) => `\${oc.env:${name}}`,
};

interface ScalarSpot {
  node: Scalar;
  /** The mapping key the scalar is the value of, if any. */
  key?: string;
  inFlow: boolean;
}

function parseYaml(text: string): Document.Parsed[] | string {
  const documents = parseAllDocuments(text);
  if (!Array.isArray(documents)) return 'empty YAML stream';
  for (const document of documents) {
    const error = document.errors[0];
    if (error) return error.message.split('\n')[0] ?? 'YAML error';
  }
  return documents;
}

function topKeys(documents: Document.Parsed[]): Set<string> {
  const keys = new Set<string>();
  for (const document of documents) {
    if (!isMap(document.contents)) continue;
    for (const item of document.contents.items) if (isScalar(item.key)) keys.add(String(item.key.value));
  }
  return keys;
}

export function yamlConsumer(path: string, text: string, documents: Document.Parsed[]): YamlConsumer {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const keys = topKeys(documents);
  if (/(?:^|\/)\.github\/workflows\/[^/]+$/.test(path)) return 'github-actions';
  if (/^\.gitlab-ci\.ya?ml$/.test(base)) return 'gitlab-ci';
  if (/(?:^|\/)amlt\//i.test(path) || /amlt/i.test(base) || (keys.has('jobs') && keys.has('target') && (keys.has('environment') || keys.has('code')))) return 'amlt';
  if (/^(?:docker-)?compose(?:[.-][\w.-]+)?\.ya?ml$/i.test(base) || (keys.has('services') && /^\s+(?:image|build):/m.test(text))) return 'compose';
  if (keys.has('apiVersion') && keys.has('kind')) return 'kubernetes';
  if (/\$\{oc\./.test(text) || keys.has('hydra') || /^\s*_target_\s*:/m.test(text) || isDefaultsList(documents)) return 'omegaconf';
  return 'plain';
}

function isDefaultsList(documents: Document.Parsed[]): boolean {
  return documents.some((document) => isMap(document.contents) && isSeq(document.contents.get('defaults', true)));
}

function scalarsOf(documents: Document.Parsed[]): ScalarSpot[] {
  const spots: ScalarSpot[] = [];
  for (const document of documents) {
    visit(document, {
      Scalar(key, node, path) {
        const parent = path[path.length - 1];
        const pairKey = key === 'value' && isPair(parent) && isScalar(parent.key) ? String(parent.key.value) : undefined;
        const inFlow = path.some((ancestor) => (isMap(ancestor) || isSeq(ancestor)) && ancestor.flow === true);
        spots.push({ node, key: pairKey, inFlow });
      },
    });
  }
  return spots;
}

function kubernetesReason(text: string, names: string[]): string {
  if (/^kind:\s*Secret\b/m.test(text)) {
    const literals = names.map((name) => `--from-literal=${name}="\${${name}:?}"`).join(' ');
    return `a Kubernetes Secret manifest cannot read the environment: remove it from git and create it at deploy time (kubectl create secret generic NAME ${literals} --dry-run=client -o yaml | kubectl apply -f -)`;
  }
  return 'a Kubernetes manifest cannot read the environment: put the value in a Secret created at deploy time and reference it with valueFrom.secretKeyRef';
}

/** Config keys whose consumer, given null, reads the variable from the environment itself. */
const SELF_READ_KEYS: Record<string, RegExp> = {
  HF_TOKEN: /^(?:hub_token|hf_token|hf_hub_token|huggingface_token|huggingface_hub_token|use_auth_token|token)$/i,
  WANDB_API_KEY: /^(?:wandb_api_key|wandb_key|api_key)$/i,
  OPENAI_API_KEY: /^(?:openai_api_key|api_key)$/i,
  ANTHROPIC_API_KEY: /^(?:anthropic_api_key|api_key)$/i,
};

function readsItself(key: string, envVar: string): boolean {
  return SELF_READ_KEYS[envVar]?.test(key) ?? false;
}

export async function rewriteYaml(request: RewriteRequest): Promise<RewriteResult> {
  const bom = request.text.startsWith('\uFEFF') ? 1 : 0;
  const body = request.text.slice(bom);
  const documents = parseYaml(body);
  if (typeof documents === 'string') return { status: 'manual', reason: `not valid YAML (${documents}); edit it by hand` };
  const consumer = yamlConsumer(request.path, body, documents);
  const names = [...new Set(request.findings.map((finding) => finding.envVar))];
  if (consumer === 'kubernetes') return { status: 'manual', reason: kubernetesReason(body, names) };
  if (consumer === 'gitlab-ci') {
    return {
      status: 'manual',
      reason: `add ${names.join(', ')} as masked CI/CD variables (Settings → CI/CD → Variables), then delete the values from this file; jobs read them as $NAME`,
    };
  }
  const spots = scalarsOf(documents);
  const edits: Edit[] = [];
  const requoted = new Map<Scalar, { value: string; range: [number, number] }>();
  const notes = new Set<string>();

  for (const finding of request.findings) {
    const located = finding.offset ?? locateFinding(request.text, finding);
    if (located === undefined) return { status: 'manual', reason: `line ${finding.line}: the value is not where the scan found it` };
    const offset = located - bom;
    const end = offset + finding.secret.length;
    const spot = spots.find(({ node }) => node.range !== undefined && node.range !== null && offset >= node.range[0] && end <= node.range[1]);
    if (!spot) {
      if (isInComment(body, offset)) {
        edits.push({ start: located, end: located + finding.secret.length, text: `$${finding.envVar}` });
        continue;
      }
      return { status: 'manual', reason: `line ${finding.line}: the value is not a plain YAML value (a key, an anchor or a tag?)` };
    }
    if (consumer === 'plain' && spot.key && readsItself(spot.key, finding.envVar) && spot.node.range && body.slice(spot.node.range[0], spot.node.range[1]).replace(/^(["'])(.*)\1$/, '$2') === finding.secret) {
      // transformers' `hub_token: null` (and wandb/openai/anthropic's `api_key: null`) means "ask
      // the library", which reads the variable from the environment itself: the complete fix.
      edits.push({ start: spot.node.range[0] + bom, end: spot.node.range[1] + bom, text: 'null' });
      notes.add(`${spot.key}: null: the library reads ${finding.envVar} from the environment itself; export it or load .env before the run (set -a; . ./.env; set +a)`);
      continue;
    }
    if (consumer === 'plain') {
      const key = spot.key ?? 'the key';
      return {
        status: 'manual',
        reason: `plain YAML has no interpolation: set ${key}: null (or remove it) and have the code that loads ${request.path} read ${finding.envVar} from the environment`,
      };
    }
    const reference = REFERENCES[consumer](finding.envVar);
    if (spot.inFlow && spot.node.type === 'PLAIN') {
      // `{`, `}` and `,` end a plain scalar inside [..] / {..}: re-emit that one scalar double-quoted.
      const range = spot.node.range!;
      const current = requoted.get(spot.node)?.value ?? String(spot.node.value);
      requoted.set(spot.node, { value: current.replace(finding.secret, reference), range: [range[0], range[1]] });
      continue;
    }
    edits.push({ start: located, end: located + finding.secret.length, text: reference });
  }
  for (const { value, range } of requoted.values()) edits.push({ start: range[0] + bom, end: range[1] + bom, text: JSON.stringify(value) });
  return { status: 'changed', text: applyEdits(request.text, edits), notes: consumer === 'plain' ? [...notes] : consumerNotes(consumer, request.path, names) };
}

function isInComment(text: string, offset: number): boolean {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /(?:^|\s)#/.test(text.slice(lineStart, offset));
}

function consumerNotes(consumer: YamlConsumer, path: string, names: string[]): string[] {
  const list = names.join(', ');
  switch (consumer) {
    case 'github-actions':
      return [`add repository secret${names.length > 1 ? 's' : ''} ${list} (Settings → Secrets and variables → Actions, or gh secret set NAME < value); the value is in .env`];
    case 'amlt':
      return [`AMLT substitutes $\${{secrets.NAME}} from its secret store: add ${list} there (the values are in .env)`];
    case 'compose': {
      const dir = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
      return dir
        ? [`compose reads .env from the project directory (${dir}/), not the repository root: run it with --env-file .env from the root, or keep a .env next to ${path}`]
        : ['compose reads .env next to the compose file, so the values resolve without further changes'];
    }
    case 'omegaconf':
      return [`OmegaConf resolves \${oc.env:NAME} when the config is read: ${list} must be in the environment then (load .env first, e.g. python-dotenv)`];
    default:
      return [];
  }
}

export async function validateYaml(text: string, _path?: string, original?: string): Promise<string | undefined> {
  if (original !== undefined && typeof parseYaml(original.replace(/^\uFEFF/, '')) === 'string') return undefined;
  const parsed = parseYaml(text.replace(/^\uFEFF/, ''));
  return typeof parsed === 'string' ? `YAML: ${parsed}` : undefined;
}

export const yaml: LanguageSupport = {
  name: 'yaml',
  handles: (path) => /\.ya?ml$/i.test(path),
  rewrite: rewriteYaml,
  validate: validateYaml,
};
