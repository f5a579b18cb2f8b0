import type { ScanResult } from '../types/index.js';
import type { ReportOptions } from './report-options.js';
import { lazyCrypto } from '../util/lazy-builtins.js';
import { SCRIPT, STYLES } from './html/assets.js';
import { Html, html } from './html/escape.js';
import { buildModel } from './html/model.js';
import { renderAuthors, renderCredentials, renderFiles, renderMigration, renderNotes, renderRotation, renderSummary, renderTimeline } from './html/sections.js';

/**
 * `--format html`: one self-contained page for an audit (what leaked, where, since when, what is
 * live, what to rotate first, what migrate would change). No external asset and no network: the
 * Content-Security-Policy allows only the inline styles and this one inline script, by hash.
 * Values appear exactly as the text format prints them (redacted unless `--reveal`).
 */
export function formatHtml(result: ScanResult, options: ReportOptions): string {
  const facts = options.audit;
  // Without facts there is no report date: the output must depend on its inputs only.
  const generatedAt = facts?.generatedAt;
  const model = buildModel(result.findings, facts, options.reveal);
  const scriptHash = lazyCrypto().createHash('sha256').update(SCRIPT).digest('base64');
  const csp = `default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${scriptHash}'; img-src data:; base-uri 'none'; form-action 'none'`;
  const title = `leakguard audit: ${model.credentials.length} credential${model.credentials.length === 1 ? '' : 's'}`;
  const head = facts?.head;
  const page = html`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${csp}"><meta name="referrer" content="no-referrer"><meta name="generator" content="leakguard ${options.toolVersion}">
<title>${title}</title><style>${new Html(STYLES)}</style></head>
<body><a class="skip" href="#summary">Skip to the summary</a>
<header class="page"><div class="inner"><h1>leakguard audit report</h1>
<dl class="meta"><div><dt>Scanned</dt><dd>${facts?.scope ?? 'files'}</dd></div>${head ? html`<div><dt>HEAD</dt><dd><code>${head.commit.slice(0, 7)}</code>${head.branch ? html` (${head.branch})` : ''}, ${head.date.slice(0, 10)}</dd></div>` : ''}
${(facts?.remotes ?? []).map((remote) => html`<div><dt>Remote ${remote.name}</dt><dd>${remote.url}${remote.publicHost ? ' (public hub)' : ''}</dd></div>`)}
${generatedAt ? html`<div><dt>Generated</dt><dd>${generatedAt.slice(0, 16).replace('T', ' ')} UTC</dd></div>` : ''}<div><dt>Values</dt><dd>${options.reveal ? 'shown in full (--reveal)' : 'redacted'}</dd></div></dl>
<nav class="toc" aria-label="Sections"><ul><li><a href="#summary">Summary</a></li><li><a href="#rotation">Rotate first</a></li><li><a href="#timeline">Timeline</a></li><li><a href="#credentials">Credentials</a></li><li><a href="#files">By file</a></li><li><a href="#authors">By author</a></li><li><a href="#migration">Migrate</a></li><li><a href="#notes">Notes</a></li></ul></nav></div></header>
<main>${renderSummary(model, result)}${renderRotation(model)}${renderTimeline(model, facts, generatedAt)}${renderCredentials(model)}${renderFiles(model)}${renderAuthors(model)}${renderMigration(facts?.migration, facts?.notes ?? [])}${renderNotes(result, facts)}
<footer>Made by leakguard ${options.toolVersion}. ${options.reveal ? 'This file holds full secret values: do not share it.' : 'Values are redacted; the report holds no usable secret.'} It loads nothing from the network.</footer></main>
<script>${new Html(SCRIPT)}</script></body></html>
`;
  return page.value;
}
