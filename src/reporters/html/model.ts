/**
 * The report's data, derived from the findings and the audit facts: one entry per distinct value
 * (a credential), with its locations, commits and state, plus the totals every section shows.
 * Pure; nothing here knows about markup.
 */
import type { AuditFacts, CommitInfo, CredentialState, Finding, FindingFacts, Verification } from '../../types/index.js';
import { getShownValue } from '../finding-text.js';

export const STATE_ORDER: readonly CredentialState[] = ['head', 'uncommitted', 'history', 'removed', 'migrated'];

export const STATE_LABELS: Readonly<Record<CredentialState, string>> = {
  head: 'at HEAD',
  uncommitted: 'working tree only',
  history: 'only in history',
  removed: 'removed',
  migrated: 'migrated',
};

export const STATE_DESCRIPTIONS: Readonly<Record<CredentialState, string>> = {
  head: "HEAD's tree still holds the value",
  uncommitted: 'in the scanned files, in no commit of HEAD',
  history: "committed on another ref, never on HEAD's line",
  removed: "a commit on HEAD's line took it out; history still holds it",
  migrated: 'removed, and the file now reads the environment variable',
};

export interface LocationView {
  /** The finding's fingerprint, as in the JSON output: links a row back to `--format json`. */
  fingerprint: string;
  path: string;
  line: number;
  column: number;
  cell?: number;
  cellLine?: number;
  /** i10's finding context (test, vendor, docs, code), shown when the finding carries one. */
  context?: string;
  state: CredentialState;
  ruleId: string;
}

export interface CredentialView {
  /** `C1`, `C2`, … in order of first finding; stable within one report only. */
  id: string;
  provider: string;
  ruleId: string;
  description: string;
  envVar: string;
  docsUrl: string;
  /** Redacted unless `--reveal`, exactly as the text format prints it. */
  shown: string;
  state: CredentialState;
  locations: LocationView[];
  /** Every commit that added it, at any location, oldest first. */
  commits: CommitInfo[];
  introduced?: CommitInfo;
  removed?: CommitInfo;
  verification?: Verification;
  pushed: boolean;
  /** Admin or write keys, when the shape or the provider's answer says so. */
  writeScope: boolean;
  ageDays?: number;
  /** Why it is ranked where it is in the rotation checklist, most important first. */
  exposure: string[];
  /** Higher is rotated first. */
  exposureScore: number;
}

export interface ReportModel {
  credentials: CredentialView[];
  /** Rotation order: most exposed first. */
  rotation: CredentialView[];
  findingCount: number;
  publicRemote: boolean;
  byProvider: { provider: string; credentials: number; atHead: number; live: number; locations: number }[];
  byState: { state: CredentialState; credentials: number }[];
  byFile: { path: string; credentials: number; findings: number; providers: string[]; states: CredentialState[] }[];
  byAuthor: { author: string; credentials: number; commits: number; providers: string[]; first: string; last: string }[];
  timeline: MonthRow[];
}

export interface MonthRow {
  /** `2025-03`. */
  month: string;
  introduced: number;
  removed: number;
  /** Credentials introduced and not yet removed at the end of the month. */
  open: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export function buildModel(findings: readonly Finding[], facts: AuditFacts | undefined, reveal: boolean): ReportModel {
  const now = facts ? Date.parse(facts.generatedAt) : Date.now();
  const publicRemote = facts?.remotes.some((remote) => remote.publicHost) ?? false;
  const groups = groupBySecret(findings);
  const credentials = groups.map((group, index) => toCredential(`C${index + 1}`, group, facts, reveal, now, publicRemote));
  return {
    credentials,
    rotation: credentials.toSorted((a, b) => b.exposureScore - a.exposureScore || (b.ageDays ?? 0) - (a.ageDays ?? 0) || compareIds(a.id, b.id)),
    findingCount: findings.length,
    publicRemote,
    byProvider: countByProvider(credentials),
    byState: STATE_ORDER.map((state) => ({ state, credentials: credentials.filter((credential) => credential.state === state).length })),
    byFile: countByFile(credentials),
    byAuthor: countByAuthor(credentials),
    timeline: buildTimeline(credentials),
  };
}

/** One group per distinct (provider, value): the same token pasted in three files is one rotation. */
function groupBySecret(findings: readonly Finding[]): Finding[][] {
  const groups = new Map<string, Finding[]>();
  for (const finding of findings) {
    const key = `${finding.provider}\0${finding.secret}`;
    const group = groups.get(key);
    if (group) group.push(finding);
    else groups.set(key, [finding]);
  }
  return [...groups.values()];
}

function factsOf(finding: Finding, facts: AuditFacts | undefined): FindingFacts {
  const known = facts?.findings[finding.fingerprint];
  if (known) return known;
  // Without git facts a history finding is at least committed, and a tree finding is in the tree.
  return { state: finding.commit ? 'history' : 'uncommitted', commits: [], pushed: false };
}

function toCredential(id: string, group: Finding[], facts: AuditFacts | undefined, reveal: boolean, now: number, publicRemote: boolean): CredentialView {
  const first = group[0]!;
  const perFinding = group.map((finding) => ({ finding, facts: factsOf(finding, facts) }));
  const state = STATE_ORDER.find((candidate) => perFinding.some((entry) => entry.facts.state === candidate)) ?? 'uncommitted';
  const commits = uniqueCommits(perFinding.flatMap((entry) => entry.facts.commits));
  const removals = perFinding.map((entry) => entry.facts.removedIn).filter((info): info is CommitInfo => !!info);
  const removed = state === 'removed' || state === 'migrated' ? removals.toSorted(byDate).at(-1) : undefined;
  const verification = group.find((finding) => finding.verification?.status === 'live')?.verification ?? group.find((finding) => finding.verification)?.verification;
  const introduced = commits[0];
  const credential: CredentialView = {
    id,
    provider: first.provider,
    ruleId: first.ruleId,
    description: first.description,
    envVar: first.envVar,
    docsUrl: first.docsUrl,
    shown: getShownValue(first, reveal),
    state,
    locations: perFinding.map(({ finding, facts: fact }) => toLocation(finding, fact.state)),
    commits,
    pushed: perFinding.some((entry) => entry.facts.pushed),
    writeScope: hasWriteScope(first),
    exposure: [],
    exposureScore: 0,
  };
  if (introduced) {
    credential.introduced = introduced;
    credential.ageDays = Math.max(0, Math.floor((now - Date.parse(introduced.date)) / DAY_MS));
  }
  if (removed) credential.removed = removed;
  if (verification) credential.verification = verification;
  rankExposure(credential, publicRemote);
  return credential;
}

function toLocation(finding: Finding, state: CredentialState): LocationView {
  const location: LocationView = { fingerprint: finding.fingerprint, path: finding.path, line: finding.line, column: finding.column, state, ruleId: finding.ruleId };
  if (finding.cell !== undefined) location.cell = finding.cell;
  if (finding.cellLine !== undefined) location.cellLine = finding.cellLine;
  // Read structurally: the `context` field arrives with issue 10 and is optional either way.
  const context = (finding as Finding & { context?: unknown }).context;
  if (typeof context === 'string' && context) location.context = context;
  return location;
}

/**
 * Rotation order (RULES.md's exposure): a key the provider confirmed live outranks everything; a
 * committed key in a repository with a public-hub remote, or already pushed, outranks a local
 * one; write or admin scope and age break the remaining ties. A key the provider rejected goes
 * last: there is nothing to rotate, only code to clean.
 */
function rankExposure(credential: CredentialView, publicRemote: boolean): void {
  const reasons: string[] = [];
  let score = 0;
  const status = credential.verification?.status;
  if (status === 'live') {
    score += 1000;
    reasons.push('the provider accepts it');
  } else if (status === 'invalid') {
    score -= 1000;
    reasons.push('the provider rejects it (already revoked?)');
  }
  const committed = credential.commits.length > 0 || credential.state !== 'uncommitted';
  if (committed && publicRemote) {
    score += 400;
    reasons.push('committed in a repository with a public-hub remote');
  }
  if (credential.pushed) {
    score += 200;
    reasons.push('pushed to a remote');
  }
  if (credential.state === 'head') {
    score += 100;
    reasons.push('still at HEAD');
  } else if (credential.state !== 'uncommitted') {
    score += 50;
    reasons.push('in git history');
  }
  if (credential.writeScope) {
    score += 80;
    reasons.push('admin or write scope');
  }
  if (credential.ageDays !== undefined) {
    score += Math.min(49, Math.floor(credential.ageDays / 30));
    reasons.push(`exposed for ${credential.ageDays} day${credential.ageDays === 1 ? '' : 's'}`);
  }
  credential.exposure = reasons;
  credential.exposureScore = score;
}

/** Known from the key's shape (admin keys) or from what the provider said when verified. */
function hasWriteScope(finding: Finding): boolean {
  if (/admin/.test(finding.ruleId) || /^sk-(?:admin-|ant-admin)/.test(finding.redacted)) return true;
  const scope = (finding.verification as (Verification & { scope?: unknown }) | undefined)?.scope;
  return typeof scope === 'string' && /write|admin|owner/i.test(scope);
}

function uniqueCommits(commits: readonly CommitInfo[]): CommitInfo[] {
  const seen = new Map<string, CommitInfo>();
  for (const info of commits) if (!seen.has(info.commit)) seen.set(info.commit, info);
  return [...seen.values()].sort(byDate);
}

function byDate(a: CommitInfo, b: CommitInfo): number {
  return a.date < b.date ? -1 : a.date > b.date ? 1 : 0;
}

function compareIds(a: string, b: string): number {
  return Number(a.slice(1)) - Number(b.slice(1));
}

function countByProvider(credentials: readonly CredentialView[]): ReportModel['byProvider'] {
  const rows = new Map<string, ReportModel['byProvider'][number]>();
  for (const credential of credentials) {
    const row = rows.get(credential.provider) ?? { provider: credential.provider, credentials: 0, atHead: 0, live: 0, locations: 0 };
    row.credentials += 1;
    if (credential.state === 'head' || credential.state === 'uncommitted') row.atHead += 1;
    if (credential.verification?.status === 'live') row.live += 1;
    row.locations += credential.locations.length;
    rows.set(credential.provider, row);
  }
  return [...rows.values()].sort((a, b) => b.credentials - a.credentials || a.provider.localeCompare(b.provider));
}

function countByFile(credentials: readonly CredentialView[]): ReportModel['byFile'] {
  const rows = new Map<string, { ids: Set<string>; findings: number; providers: Set<string>; states: Set<CredentialState> }>();
  for (const credential of credentials) {
    for (const location of credential.locations) {
      const row = rows.get(location.path) ?? { ids: new Set(), findings: 0, providers: new Set(), states: new Set() };
      row.ids.add(credential.id);
      row.findings += 1;
      row.providers.add(credential.provider);
      row.states.add(location.state);
      rows.set(location.path, row);
    }
  }
  return [...rows]
    .map(([path, row]) => ({
      path,
      credentials: row.ids.size,
      findings: row.findings,
      providers: [...row.providers].sort(),
      states: STATE_ORDER.filter((state) => row.states.has(state)),
    }))
    .sort((a, b) => b.credentials - a.credentials || a.path.localeCompare(b.path));
}

/** Authors of the commits that introduced each credential (its oldest commit). */
function countByAuthor(credentials: readonly CredentialView[]): ReportModel['byAuthor'] {
  const rows = new Map<string, { credentials: number; commits: Set<string>; providers: Set<string>; first: string; last: string }>();
  for (const credential of credentials) {
    for (const info of credential.commits) {
      const row = rows.get(info.author) ?? { credentials: 0, commits: new Set(), providers: new Set(), first: info.date, last: info.date };
      row.commits.add(info.commit);
      row.providers.add(credential.provider);
      if (info.date < row.first) row.first = info.date;
      if (info.date > row.last) row.last = info.date;
      if (credential.introduced?.commit === info.commit) row.credentials += 1;
      rows.set(info.author, row);
    }
  }
  return [...rows]
    .map(([author, row]) => ({ author, credentials: row.credentials, commits: row.commits.size, providers: [...row.providers].sort(), first: row.first, last: row.last }))
    .sort((a, b) => b.credentials - a.credentials || b.commits - a.commits || a.author.localeCompare(b.author));
}

export function monthOf(date: string): string {
  return date.slice(0, 7);
}

/** Every month from the first introduction to the last event, gaps included (a chart axis). */
export function buildTimeline(credentials: readonly CredentialView[]): MonthRow[] {
  const dated = credentials.filter((credential) => credential.introduced);
  if (dated.length === 0) return [];
  const introduced = new Map<string, number>();
  const removed = new Map<string, number>();
  const bump = (map: Map<string, number>, month: string) => map.set(month, (map.get(month) ?? 0) + 1);
  for (const credential of dated) {
    bump(introduced, monthOf(credential.introduced!.date));
    if (credential.removed) bump(removed, monthOf(credential.removed.date));
  }
  const months = [...introduced.keys(), ...removed.keys()].sort();
  const rows: MonthRow[] = [];
  let open = 0;
  for (let month = months[0]!; month <= months[months.length - 1]!; month = nextMonth(month)) {
    const row = { month, introduced: introduced.get(month) ?? 0, removed: removed.get(month) ?? 0, open: 0 };
    open += row.introduced - row.removed;
    row.open = open;
    rows.push(row);
  }
  return rows;
}

export function nextMonth(month: string): string {
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  return monthNumber === 12 ? `${year + 1}-01` : `${year}-${String(monthNumber + 1).padStart(2, '0')}`;
}
