/** The report's sections, each a function of the model: summary, rotation, timeline, tables. */
import { noteMessage } from '../notes.js';
import type { AuditFacts, CommitInfo, CredentialState, MigrationPreview, ScanResult, Verification } from '../../types/index.js';
import { formatVerification, pluralize, shortCommit } from '../finding-text.js';
import { renderTimelineChart, MAX_CHART_ROWS } from './chart.js';
import { html, safeHref, type Html, type HtmlValue } from './escape.js';
import { STATE_DESCRIPTIONS, STATE_LABELS, type CredentialView, type LocationView, type ReportModel } from './model.js';

/** Commits listed per credential before the rest fold into a `<details>`. */
const COMMITS_SHOWN = 5;

export function renderSummary(model: ReportModel, result: ScanResult): Html {
  const live = model.credentials.filter((credential) => credential.verification?.status === 'live').length;
  const present = model.credentials.filter((credential) => credential.state === 'head' || credential.state === 'uncommitted').length;
  const verified = model.credentials.some((credential) => credential.verification);
  const cards: [string, number | string, boolean][] = [
    ['credentials', model.credentials.length, model.credentials.length > 0],
    ['still in the files', present, present > 0],
    ['live', verified ? live : 'n/a', live > 0],
    ['files', model.byFile.length, false],
    ['findings', model.findingCount, false],
  ];
  return html`<section id="summary" aria-labelledby="summary-heading"><h2 id="summary-heading">Summary</h2>
<ul class="cards plain">${cards.map(([label, value, alert]) => html`<li class="${alert ? 'card alert' : 'card'}"><span class="number">${value}</span> <span class="label">${label}</span></li>`)}</ul>
${verified ? '' : html`<p class="muted">Live status was not checked: run the scan with <code>--verify</code> to ask each provider whether its keys still work.</p>`}
<div class="split"><div class="table-wrap"><table data-sortable><caption>Credentials per state <span class="hint"></span></caption>
<thead><tr><th scope="col" data-sort="text">State</th><th scope="col" class="num" data-sort="number">Credentials</th><th scope="col">Meaning</th></tr></thead>
<tbody>${model.byState.map((row) => html`<tr><th scope="row">${stateBadge(row.state)}</th><td class="num">${row.credentials}</td><td>${STATE_DESCRIPTIONS[row.state]}</td></tr>`)}</tbody></table></div>
<div class="table-wrap"><table data-sortable><caption>Credentials per provider <span class="hint"></span></caption>
<thead><tr><th scope="col" data-sort="text">Provider</th><th scope="col" class="num" data-sort="number">Credentials</th><th scope="col" class="num" data-sort="number">Still in the files</th><th scope="col" class="num" data-sort="number">Live</th><th scope="col" class="num" data-sort="number">Locations</th></tr></thead>
<tbody>${model.byProvider.length === 0 ? emptyRow(5, 'No credentials found.') : model.byProvider.map((row) => html`<tr><th scope="row">${row.provider}</th><td class="num">${row.credentials}</td><td class="num">${row.atHead}</td><td class="num">${verified ? row.live : '–'}</td><td class="num">${row.locations}</td></tr>`)}</tbody></table></div></div>
<p class="muted">Scanned ${pluralize(result.stats.files, 'file')}${result.stats.files > 0 ? '' : ' or patch'}, ${pluralize(result.stats.bytes, 'byte')} in ${Math.round(result.stats.durationMs)} ms.</p></section>`;
}

export function renderRotation(model: ReportModel): Html {
  const body =
    model.rotation.length === 0
      ? html`<p>Nothing to rotate.</p>`
      : html`<ol class="checklist">${model.rotation.map((credential) => {
          const href = safeHref(credential.docsUrl);
          const action = credential.verification?.status === 'invalid' ? 'Remove' : 'Rotate';
          return html`<li><div class="item"><input type="checkbox" id="rotate-${credential.id}"><div><label for="rotate-${credential.id}">${action} <a href="#${credential.id}">${credential.id}</a>: ${credential.provider} <span class="value">${credential.shown}</span> ${stateBadge(credential.state)} ${credential.verification ? verificationBadge(credential.verification) : ''}</label>
<span class="why">${credential.exposure.length > 0 ? credential.exposure.join(' · ') : 'not committed; rotate if it ever left this machine'}</span>
<span>${href ? html`Token page: <a href="${href}" rel="noreferrer noopener">${href}</a>` : html`Token page: ${credential.docsUrl}`}. ${nextStep(credential)}</span></div></div></li>`;
        })}</ol>`;
  return html`<section id="rotation" aria-labelledby="rotation-heading"><h2 id="rotation-heading">Rotate first</h2>
<p class="muted">Ordered by exposure: live keys, then keys committed where a public hub is a remote${model.publicRemote ? ' (this repository has one)' : ''}, pushed keys, keys still at HEAD, admin or write scope, and age.</p>${body}</section>`;
}

function nextStep(credential: CredentialView): Html {
  const inFiles = credential.state === 'head' || credential.state === 'uncommitted';
  if (credential.verification?.status === 'invalid') {
    return html`The provider already rejects it: nothing to rotate${inFiles ? html`; take it out of the code (<code>leakguard migrate</code>)` : ''}.`;
  }
  const history = credential.state === 'uncommitted' ? '' : '; history keeps the old value, so only rotating ends the exposure';
  return html`Then read it from <code>$${credential.envVar}</code>${inFiles ? html` (<code>leakguard migrate</code> rewrites it)` : ''}${history}.`;
}

export function renderTimeline(model: ReportModel, facts: AuditFacts | undefined, generatedAt: string | undefined): Html {
  const chart = renderTimelineChart(model.credentials, generatedAt);
  const undated = model.credentials.filter((credential) => !credential.introduced).length;
  const states = [...new Set(model.credentials.filter((credential) => credential.introduced).map((credential) => credential.state))];
  return html`<section id="timeline" aria-labelledby="timeline-heading"><h2 id="timeline-heading">Timeline</h2>
${chart ? html`<ul class="legend" aria-label="Chart legend">${states.map((state) => html`<li>${stateBadge(state)}</li>`)}<li class="muted">bar: introduced &rarr; removed (or today) &middot; dot: a commit that added it &middot; tick: removal</li></ul>${chart}` : html`<p>No credential has a commit date${facts ? '' : ' (no git facts)'}.</p>`}
${model.credentials.filter((credential) => credential.introduced).length > MAX_CHART_ROWS ? html`<p class="muted">The chart shows the first ${MAX_CHART_ROWS} credentials; the table lists every month.</p>` : ''}
${undated > 0 ? html`<p class="muted">${pluralize(undated, 'credential')} ${undated === 1 ? 'is' : 'are'} in no commit and not charted.</p>` : ''}
${model.timeline.length > 0 ? html`<details><summary>Per month</summary><div class="table-wrap"><table data-sortable><caption>Credentials introduced and removed per month <span class="hint"></span></caption>
<thead><tr><th scope="col" data-sort="text">Month</th><th scope="col" class="num" data-sort="number">Introduced</th><th scope="col" class="num" data-sort="number">Removed</th><th scope="col" class="num" data-sort="number">Not yet removed</th></tr></thead>
<tbody>${model.timeline.map((row) => html`<tr><th scope="row">${row.month}</th><td class="num">${row.introduced}</td><td class="num">${row.removed}</td><td class="num">${row.open}</td></tr>`)}</tbody></table></div></details>` : ''}</section>`;
}

export function renderCredentials(model: ReportModel): Html {
  // Without --verify the column would say "not checked" on every row; the summary says it once.
  const verified = model.credentials.some((credential) => credential.verification);
  return html`<section id="credentials" aria-labelledby="credentials-heading"><h2 id="credentials-heading">Credentials</h2>
<div class="table-wrap"><table data-sortable id="credentials-table"><caption>Each distinct value, its locations and the commits that added it <span class="hint"></span></caption>
<thead><tr><th scope="col" data-sort="number">ID</th><th scope="col" data-sort="text">Provider</th><th scope="col">Value</th><th scope="col" data-sort="text">State${verified ? ' and live status' : ''}</th><th scope="col" data-sort="text">Introduced</th><th scope="col" data-sort="text">Removed</th><th scope="col">Locations</th><th scope="col" data-sort="number">Commits</th></tr></thead>
<tbody>${model.credentials.length === 0 ? emptyRow(8, 'No credentials found.') : model.credentials.map((credential) => credentialRow(credential, verified))}</tbody></table></div></section>`;
}

function credentialRow(credential: CredentialView, verified: boolean): Html {
  // Live status shares the state cell: one column fewer keeps the table on a laptop screen.
  const newestFirst = credential.commits.toReversed();
  const shown = newestFirst.slice(0, COMMITS_SHOWN);
  const hidden = newestFirst.slice(COMMITS_SHOWN);
  const commitItem = (info: CommitInfo): Html => html`<li>${commitLine(info)}</li>`;
  return html`<tr id="${credential.id}"><th scope="row" data-value="${credential.id.slice(1)}">${credential.id}</th>
<td>${credential.provider}<br><span class="muted small">${credential.ruleId}</span></td>
<td><span class="value">${credential.shown}</span><br><span class="muted small">use <code>$${credential.envVar}</code></span></td>
<td data-value="${credential.state}">${stateBadge(credential.state)}${verified ? html`<br>${credential.verification ? verificationBadge(credential.verification) : html`<span class="muted small">not checked</span>`}` : ''}</td>
<td data-value="${credential.introduced?.date ?? ''}">${credential.introduced ? commitLine(credential.introduced) : html`<span class="muted">not committed</span>`}</td>
<td data-value="${credential.removed?.date ?? ''}">${credential.removed ? commitLine(credential.removed) : html`<span class="muted">&ndash;</span>`}</td>
<td><ul class="plain">${credential.locations.map((location) => locationItem(location, credential.state))}</ul></td>
<td data-value="${credential.commits.length}"><span class="count">${credential.commits.length}</span>${shown.length > 0 ? html`<ul class="plain commits">${shown.map(commitItem)}</ul>` : ''}${hidden.length > 0 ? html`<details><summary>${hidden.length} older</summary><ul class="plain commits">${hidden.map(commitItem)}</ul></details>` : ''}</td></tr>`;
}

/** A location's state is shown only where it differs from its credential's. */
function locationItem(location: LocationView, credentialState: CredentialState): Html {
  const cell = location.cell === undefined ? '' : location.cellLine === undefined ? `cell ${location.cell}` : `cell ${location.cell} line ${location.cellLine}`;
  return html`<li data-fingerprint="${location.fingerprint}" data-line="${location.line}" data-column="${location.column}"><code>${breakablePath(location.path)}:${location.line}</code>${cell ? html` <span class="muted small">${cell}</span>` : ''}${location.state === credentialState ? '' : html` ${stateBadge(location.state)}`}${location.context ? html` <span class="badge context">${location.context}</span>` : ''}</li>`;
}

export function renderFiles(model: ReportModel): Html {
  return html`<section id="files" aria-labelledby="files-heading"><h2 id="files-heading">By file</h2>
<div class="table-wrap"><table data-sortable><caption>Files that hold or held credentials <span class="hint"></span></caption>
<thead><tr><th scope="col" data-sort="text">File</th><th scope="col" class="num" data-sort="number">Credentials</th><th scope="col" class="num" data-sort="number">Findings</th><th scope="col" data-sort="text">Providers</th><th scope="col" data-sort="text">States</th></tr></thead>
<tbody>${model.byFile.length === 0 ? emptyRow(5, 'No files.') : model.byFile.map((row) => html`<tr><th scope="row"><code>${row.path}</code></th><td class="num">${row.credentials}</td><td class="num">${row.findings}</td><td>${row.providers.join(', ')}</td><td data-value="${row.states[0] ?? ''}">${joinHtml(row.states.map(stateBadge))}</td></tr>`)}</tbody></table></div></section>`;
}

export function renderAuthors(model: ReportModel): Html {
  return html`<section id="authors" aria-labelledby="authors-heading"><h2 id="authors-heading">By commit author</h2>
${model.byAuthor.length === 0 ? html`<p>No commit holds a credential${''}.</p>` : html`<div class="table-wrap"><table data-sortable><caption>Authors of the commits that added credentials <span class="hint"></span></caption>
<thead><tr><th scope="col" data-sort="text">Author</th><th scope="col" class="num" data-sort="number">Introduced</th><th scope="col" class="num" data-sort="number">Commits</th><th scope="col" data-sort="text">Providers</th><th scope="col" data-sort="text">First</th><th scope="col" data-sort="text">Last</th></tr></thead>
<tbody>${model.byAuthor.map((row) => html`<tr><th scope="row">${row.author || '(no name)'}</th><td class="num">${row.credentials}</td><td class="num">${row.commits}</td><td>${row.providers.join(', ')}</td><td data-value="${row.first}">${day(row.first)}</td><td data-value="${row.last}">${day(row.last)}</td></tr>`)}</tbody></table></div>`}</section>`;
}

export function renderMigration(preview: MigrationPreview | undefined, notes: readonly string[]): Html {
  if (!preview) {
    return html`<section id="migration" aria-labelledby="migration-heading"><h2 id="migration-heading">What <code>migrate</code> would change</h2><p class="muted">${notes.find((note) => note.startsWith('migrate')) ?? 'No preview: the report was made without one.'}</p></section>`;
  }
  const { summary } = preview;
  return html`<section id="migration" aria-labelledby="migration-heading"><h2 id="migration-heading">What <code>migrate</code> would change</h2>
<p>${summary.values === 0 ? 'Nothing to migrate in the working tree.' : html`In the working tree, <code>leakguard migrate --dry-run</code> would move ${pluralize(summary.values, 'value')} into <code>.env</code>: ${pluralize(summary.changed, 'file')} rewritten, ${summary.untracked} untracked, ${summary.manual} left for manual work, ${pluralize(summary.writes, 'write')} in all.`}</p>
${preview.files.length > 0 ? html`<div class="table-wrap"><table data-sortable><caption>Files <span class="hint"></span></caption><thead><tr><th scope="col" data-sort="text">File</th><th scope="col" data-sort="text">Outcome</th><th scope="col" data-sort="text">Language</th><th scope="col">Why</th></tr></thead>
<tbody>${preview.files.map((file) => html`<tr><th scope="row"><code>${file.path}</code></th><td>${file.status}</td><td>${file.language ?? '–'}</td><td>${file.reason ?? ''}</td></tr>`)}</tbody></table></div>` : ''}
${preview.values.length > 0 ? html`<div class="table-wrap"><table data-sortable><caption>Values and the variables they move to <span class="hint"></span></caption><thead><tr><th scope="col" data-sort="text">Variable</th><th scope="col" data-sort="text">Provider</th><th scope="col">Value</th><th scope="col">Read at</th></tr></thead>
<tbody>${preview.values.map((value) => html`<tr><th scope="row"><code>${value.envVar}</code></th><td>${value.provider}</td><td><span class="value">${value.redacted}</span></td><td><ul class="plain">${value.sites.map((site) => html`<li><code>${site.path}:${site.line}</code></li>`)}</ul></td></tr>`)}</tbody></table></div>` : ''}
${preview.writes.length > 0 ? html`<details><summary>${pluralize(preview.writes.length, 'file')} written</summary><ul>${preview.writes.map((write) => html`<li><code>${write.path}</code> <span class="muted">${write.kind}${write.created ? ', new' : ''}</span></li>`)}</ul></details>` : ''}
${preview.diff ? html`<details><summary>The diff (values redacted)</summary><pre class="diff">${preview.diff}</pre></details>` : ''}
${preview.notes.length > 0 ? html`<ul>${preview.notes.map((note) => html`<li>${note}</li>`)}</ul>` : ''}</section>`;
}

export function renderNotes(result: ScanResult, facts: AuditFacts | undefined): Html {
  const notes = [...(result.notes ?? []).map(noteMessage), ...(facts?.notes.filter((note) => !note.startsWith('migrate')) ?? [])];
  const stale = result.staleBaseline ?? [];
  return html`<section id="notes" aria-labelledby="notes-heading"><h2 id="notes-heading">Notes</h2>
${notes.length === 0 && stale.length === 0 ? html`<p class="muted">No notes.</p>` : ''}
${notes.length > 0 ? html`<ul>${notes.map((note) => html`<li>${note}</li>`)}</ul>` : ''}
${stale.length > 0 ? html`<h3>Baseline entries that matched nothing</h3><ul>${stale.map((entry) => html`<li><code>${entry.path}</code> <span class="muted">${entry.ruleId}</span></li>`)}</ul>` : ''}</section>`;
}

export function stateBadge(state: CredentialState): Html {
  return html`<span class="badge state-${state}" title="${STATE_DESCRIPTIONS[state]}">${STATE_LABELS[state]}</span>`;
}

function verificationBadge(verification: Verification): Html {
  return html`<span class="badge ${verification.status}">${formatVerification(verification)}</span>`;
}

function commitLine(info: CommitInfo): Html {
  return html`<span class="nowrap">${day(info.date)} <code title="${info.commit}">${shortCommit(info.commit)}</code></span> <span class="muted small author">${info.author}</span>`;
}

/** Long paths wrap after a `/`, not in the middle of a name. */
function breakablePath(path: string): Html {
  return html`${path.split('/').map((segment, index) => (index === 0 ? segment : html`/<wbr>${segment}`))}`;
}

function day(date: string): string {
  return date.slice(0, 10);
}

function emptyRow(columns: number, text: string): Html {
  return html`<tr><td colspan="${columns}">${text}</td></tr>`;
}

function joinHtml(parts: readonly HtmlValue[]): Html {
  return html`${parts.map((part, index) => (index === 0 ? html`${part}` : html` ${part}`))}`;
}
