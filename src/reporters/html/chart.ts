/**
 * The timeline as an inline SVG: one lifeline per credential on a monthly axis, from the commit
 * that introduced it to the commit that removed it (or to the report's date while it is still
 * there), with a dot for every commit that added it again. Colours come from the page's CSS
 * classes, so dark mode and print apply to the chart too.
 */
import { html, type Html } from './escape.js';
import { monthOf, nextMonth, STATE_LABELS, type CredentialView } from './model.js';

const WIDTH = 880;
const LABEL_WIDTH = 190;
const RIGHT_PAD = 16;
const ROW_HEIGHT = 22;
const TOP = 8;
const AXIS_HEIGHT = 36;
/** A chart taller than this stops being readable; the table below it lists every credential. */
export const MAX_CHART_ROWS = 60;

/** `generatedAt` ends the bars of credentials still present; without it, the last commit does. */
export function renderTimelineChart(credentials: readonly CredentialView[], generatedAt: string | undefined): Html | undefined {
  const dated = credentials.filter((credential) => credential.introduced).toSorted((a, b) => (a.introduced!.date < b.introduced!.date ? -1 : 1));
  if (dated.length === 0) return undefined;
  const rows = dated.slice(0, MAX_CHART_ROWS);
  const first = monthOf(rows[0]!.introduced!.date);
  const lastEvent = [generatedAt ?? '', ...rows.flatMap((credential) => [credential.removed?.date ?? '', ...credential.commits.map((info) => info.date)])].sort().at(-1)!;
  const months: string[] = [];
  for (let month = first; month <= monthOf(lastEvent); month = nextMonth(month)) months.push(month);
  const plotWidth = WIDTH - LABEL_WIDTH - RIGHT_PAD;
  const monthWidth = plotWidth / months.length;
  const x = (date: string): number => {
    const index = months.indexOf(monthOf(date));
    const day = Number(date.slice(8, 10)) || 1;
    return LABEL_WIDTH + (Math.max(0, index) + (day - 1) / 31) * monthWidth;
  };
  const height = TOP + rows.length * ROW_HEIGHT + AXIS_HEIGHT;
  const axisY = TOP + rows.length * ROW_HEIGHT;
  const labelEvery = Math.max(1, Math.ceil(months.length / 12));

  const grid = months.map((month, index) => {
    const left = LABEL_WIDTH + index * monthWidth;
    const isYear = month.endsWith('-01') || index === 0;
    const label = index % labelEvery === 0 ? html`<text class="axis-label" x="${fixed(left + 2)}" y="${axisY + 16}">${month}</text>` : '';
    return html`<line class="${isYear ? 'grid grid-year' : 'grid'}" x1="${fixed(left)}" x2="${fixed(left)}" y1="${TOP}" y2="${axisY + 4}"/>${label}`;
  });
  const lifelines = rows.map((credential, index) => {
    const y = TOP + index * ROW_HEIGHT + ROW_HEIGHT / 2;
    const start = x(credential.introduced!.date);
    const end = Math.max(start + 3, x(credential.removed?.date ?? lastEvent));
    const title = describe(credential, generatedAt);
    const dots = credential.commits.map((info) => html`<circle class="commit-dot" cx="${fixed(x(info.date))}" cy="${y}" r="3"/>`);
    const endMark = credential.removed ? html`<line class="removal" x1="${fixed(end)}" x2="${fixed(end)}" y1="${y - 7}" y2="${y + 7}"/>` : '';
    return html`<g class="lifeline state-${credential.state}"><title>${title}</title><text class="row-label" x="${LABEL_WIDTH - 8}" y="${y + 4}" text-anchor="end">${credential.id} ${credential.provider}</text><rect class="bar" x="${fixed(start)}" y="${y - 5}" width="${fixed(end - start)}" height="10" rx="3"/>${dots}${endMark}</g>`;
  });
  return html`<svg class="timeline-chart" role="img" aria-labelledby="timeline-title timeline-desc" viewBox="0 0 ${WIDTH} ${height}" width="100%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg"><title id="timeline-title">When each credential was introduced and removed, per month</title><desc id="timeline-desc">${rows.length} credential${rows.length === 1 ? '' : 's'} from ${first} to ${monthOf(lastEvent)}; the table below the chart holds the same data.</desc>${grid}<line class="axis" x1="${LABEL_WIDTH}" x2="${WIDTH - RIGHT_PAD}" y1="${axisY}" y2="${axisY}"/>${lifelines}</svg>`;
}

function describe(credential: CredentialView, generatedAt: string | undefined): string {
  const introduced = credential.introduced!;
  const parts = [`${credential.id} ${credential.provider} ${credential.shown} (${STATE_LABELS[credential.state]})`, `introduced ${introduced.date.slice(0, 10)} by ${introduced.author}`];
  if (credential.removed) parts.push(`removed ${credential.removed.date.slice(0, 10)} by ${credential.removed.author}`);
  else if (credential.state === 'history') parts.push('never on HEAD; still in history');
  else parts.push(generatedAt ? `still present on ${generatedAt.slice(0, 10)}` : 'still present');
  if (credential.commits.length > 1) parts.push(`added in ${credential.commits.length} commits`);
  return parts.join('; ');
}

function fixed(value: number): string {
  return value.toFixed(1);
}
