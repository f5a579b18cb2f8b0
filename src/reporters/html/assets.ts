/**
 * The page's only CSS and script, inlined. The script is progressive enhancement: without it every
 * table is already in a useful order and every section is readable; with it, column headers become
 * sort buttons and printing opens the collapsed details.
 */
export const STYLES = `
:root{color-scheme:light dark;--bg:#fff;--fg:#1b1f24;--muted:#525a65;--line:#d0d7de;--panel:#f6f8fa;--link:#0550ae;--focus:#0969da;
--head:#b3261e;--uncommitted:#9a4800;--history:#6f3fb5;--removed:#1f5fa8;--migrated:#1e7a3c;--live:#b3261e;--invalid:#525a65;
--tint-head:#fde8e7;--tint-uncommitted:#fdefe0;--tint-history:#efe7fb;--tint-removed:#e3eefb;--tint-migrated:#e2f4e7}
@media (prefers-color-scheme:dark){:root{--bg:#0f1318;--fg:#e6edf3;--muted:#a3adb8;--line:#3a424c;--panel:#161b22;--link:#79b8ff;--focus:#79b8ff;
--head:#ff7b72;--uncommitted:#f0a35e;--history:#c5a3ff;--removed:#79b8ff;--migrated:#6fd38f;--live:#ff7b72;--invalid:#a3adb8;
--tint-head:#3d1614;--tint-uncommitted:#3a2410;--tint-history:#2a1d43;--tint-removed:#10263f;--tint-migrated:#0f2f1b}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif}
main{max-width:1320px;margin:0 auto;padding:0 24px 48px}
header.page{background:var(--panel);border-bottom:1px solid var(--line)}
header.page .inner{max-width:1320px;margin:0 auto;padding:20px 24px 12px}
h1{font-size:1.6rem;margin:0 0 4px}h2{font-size:1.25rem;margin:36px 0 8px;padding-top:8px;border-top:1px solid var(--line)}h3{font-size:1.05rem;margin:20px 0 6px}
a{color:var(--link)}a:focus-visible,button:focus-visible,summary:focus-visible,input:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
.skip{position:absolute;left:-999px;top:0;background:var(--bg);padding:8px}.skip:focus{left:8px;z-index:2}
.meta{color:var(--muted);margin:0;display:flex;flex-wrap:wrap;gap:4px 20px}.meta dt{font-weight:600;color:var(--fg)}.meta div{display:flex;gap:6px}.meta dd{margin:0}
nav.toc ul{list-style:none;display:flex;flex-wrap:wrap;gap:4px 14px;padding:0;margin:12px 0 0}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:12px;margin:16px 0}
.card{border:1px solid var(--line);border-radius:8px;padding:10px 14px;background:var(--panel)}
.card .number{display:block;font-size:1.9rem;font-weight:700;line-height:1.1}.card.alert .number{color:var(--head)}.card .label{color:var(--muted)}
.split{display:grid;grid-template-columns:repeat(auto-fit,minmax(320px,1fr));gap:8px 28px}
.table-wrap{overflow-x:auto}
table{border-collapse:collapse;width:100%;margin:8px 0 4px;font-size:.93rem}
caption{text-align:left;font-weight:600;padding:4px 0;color:var(--fg)}caption .hint{font-weight:400;color:var(--muted)}
th,td{border-bottom:1px solid var(--line);padding:6px 8px;text-align:left;vertical-align:top}
thead th{background:var(--panel);white-space:nowrap}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
th[scope=row]{font-weight:600}
button.sort{font:inherit;font-weight:600;color:inherit;background:none;border:0;padding:0;cursor:pointer;display:inline-flex;gap:4px;align-items:center}
button.sort::after{content:"\\2195";color:var(--muted);font-size:.8em}
th[aria-sort=ascending] button.sort::after{content:"\\2191";color:var(--fg)}th[aria-sort=descending] button.sort::after{content:"\\2193";color:var(--fg)}
code,.value{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9em}
.value{background:var(--panel);border:1px solid var(--line);border-radius:4px;padding:0 4px;white-space:nowrap}
ul.plain{list-style:none;margin:0;padding:0}td code{overflow-wrap:break-word}#credentials-table td:nth-child(3){white-space:nowrap}td .badge+br+.badge{margin-top:4px}ul.plain li+li{margin-top:2px}
.badge{display:inline-block;border-radius:999px;padding:0 8px;font-size:.82rem;font-weight:600;white-space:nowrap;border:1px solid currentColor}
.state-head .badge,.badge.state-head{color:var(--head);background:var(--tint-head)}
.badge.state-uncommitted{color:var(--uncommitted);background:var(--tint-uncommitted)}
.badge.state-history{color:var(--history);background:var(--tint-history)}
.badge.state-removed{color:var(--removed);background:var(--tint-removed)}
.badge.state-migrated{color:var(--migrated);background:var(--tint-migrated)}
.badge.live{color:var(--live);background:var(--tint-head)}.badge.invalid{color:var(--invalid);background:var(--panel)}.badge.unknown{color:var(--uncommitted);background:var(--tint-uncommitted)}
.badge.context{color:var(--muted);background:var(--panel)}
.muted{color:var(--muted)}.small{font-size:.85em}.nowrap{white-space:nowrap}.author{display:block}
ul.commits{margin-top:2px}ul.commits li{line-height:1.3;margin-bottom:4px}.count{font-weight:600}
svg.timeline-chart{display:block;max-width:100%;height:auto;margin:8px 0;font:12px system-ui,sans-serif}
svg .grid{stroke:var(--line);stroke-width:1}svg .grid-year{stroke:var(--muted);stroke-dasharray:2 3}svg .axis{stroke:var(--fg)}
svg .axis-label,svg .row-label{fill:var(--fg)}svg .commit-dot{fill:var(--bg);stroke:var(--fg);stroke-width:1.2}svg .removal{stroke:var(--fg);stroke-width:2}
svg .state-head .bar{fill:var(--head)}svg .state-uncommitted .bar{fill:var(--uncommitted)}svg .state-history .bar{fill:var(--history)}svg .state-removed .bar{fill:var(--removed)}svg .state-migrated .bar{fill:var(--migrated)}
.legend{display:flex;flex-wrap:wrap;gap:6px 14px;padding:0;margin:4px 0;list-style:none}
ol.checklist{padding-left:1.8em;margin:8px 0}ol.checklist>li{border:1px solid var(--line);border-radius:8px;padding:8px 12px;margin:8px 0}ol.checklist>li::marker{font-weight:700;color:var(--muted)}
ol.checklist .item{display:flex;gap:10px;align-items:flex-start}ol.checklist input{margin-top:.35em;width:1.05em;height:1.05em;flex:none}ol.checklist .item>div{display:flex;flex-direction:column;gap:2px}
ol.checklist label{font-weight:600}ol.checklist .why{color:var(--muted)}
pre.diff{background:var(--panel);border:1px solid var(--line);border-radius:6px;padding:10px;overflow:auto;max-height:32rem;font-size:.85rem}
details>summary{cursor:pointer;font-weight:600;margin:6px 0}
footer{color:var(--muted);border-top:1px solid var(--line);margin-top:40px;padding-top:12px;font-size:.9rem}
@media print{
:root{--bg:#fff;--fg:#000;--muted:#333;--line:#999;--panel:#fff;--link:#000}
body{font-size:10.5pt}header.page{background:none;border:0}nav.toc,.skip,button.sort::after{display:none}
main,header.page .inner{max-width:none;padding:0}
h2{break-after:avoid;page-break-after:avoid}tr,li,svg,.card{break-inside:avoid;page-break-inside:avoid}
.table-wrap{overflow:visible}pre.diff{max-height:none;overflow:visible;white-space:pre-wrap}
ol.checklist a[href]::after{content:" (" attr(href) ")";font-size:.85em}
.badge{border-color:#000;background:none!important;color:#000!important}
details::details-content{content-visibility:visible;display:block}details>summary{list-style:none}
}
`;

/** Sort buttons on `table[data-sortable]` headers marked `data-sort`, and open details for print. */
export const SCRIPT = `(()=>{"use strict";
const keyOf=(row,index,numeric)=>{const cell=row.cells[index];const raw=cell?(cell.dataset.value??cell.textContent.trim()):"";return numeric?Number(raw):raw};
const sortBy=(table,th,index)=>{const ascending=th.getAttribute("aria-sort")!=="ascending";for(const other of th.parentElement.cells)other.removeAttribute("aria-sort");
th.setAttribute("aria-sort",ascending?"ascending":"descending");const numeric=th.dataset.sort==="number";const body=table.tBodies[0];
const rows=[...body.rows];rows.sort((a,b)=>{const x=keyOf(a,index,numeric),y=keyOf(b,index,numeric);const c=numeric?x-y:String(x).localeCompare(String(y),undefined,{numeric:true});return ascending?c:-c});body.append(...rows)};
for(const table of document.querySelectorAll("table[data-sortable]")){const head=table.tHead&&table.tHead.rows[0];if(!head||!table.tBodies[0])continue;
[...head.cells].forEach((th,index)=>{if(th.dataset.sort===undefined)return;const button=document.createElement("button");button.type="button";button.className="sort";
button.append(...th.childNodes);button.setAttribute("aria-label","Sort by "+button.textContent.trim());th.append(button);button.addEventListener("click",()=>sortBy(table,th,index))});
table.querySelector("caption .hint")?.append(" Select a column heading to sort.")}
addEventListener("beforeprint",()=>{for(const d of document.querySelectorAll("details:not([open])")){d.dataset.printOpened="";d.open=true}});
addEventListener("afterprint",()=>{for(const d of document.querySelectorAll("details[data-print-opened]")){delete d.dataset.printOpened;d.open=false}});
})();`;
