import { CONTROL_STATUSES, type AcknowledgementUse, type CheckReport } from '../types';
import { xmlEscape } from './junit';
import { acknowledgementsBySource, metOnOwnText, NO_BUILTIN_NOTE, STATUS_LABEL, verdictText } from './verdict';

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,sans-serif;margin:2rem;color:#1b1f24;background:#fff}
h1{font-size:1.4rem;margin:0 0 .3rem}h2{font-size:1.1rem;margin:1.6rem 0 .5rem}
.verdict{font-weight:600}.verdict.fail{color:#b42318}.verdict.pass{color:#067647}
table{border-collapse:collapse;width:100%;margin:.4rem 0}th,td{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f8fa}td.num{text-align:right}
.status{font-weight:600;border-radius:3px;padding:0 .35rem;white-space:nowrap}
.s-met{background:#dcfae6;color:#067647}.s-not_met,.s-fail{background:#fee4e2;color:#b42318}.s-met_with_exception,.s-acknowledged{background:#fef0c7;color:#93370d}
.s-not_applicable{background:#f2f4f7;color:#475467}.s-organizational{background:#eaecf5;color:#363f72}
.filters{display:flex;gap:1rem;align-items:center;margin:.5rem 0}code{font-size:12px;word-break:break-all}
.interp{color:#475467;font-style:italic;font-size:12px}tr.selected td{background:#eef4ff}
`;

/** Renders the control matrix and findings from the embedded data; filters come from the controls or the URL hash. */
const SCRIPT = `
(function(){
  var data = JSON.parse(document.getElementById('haven-data').textContent);
  var LABEL = JSON.parse(document.getElementById('haven-labels').textContent);
  var byId = {}; data.findings.forEach(function(f){ byId[f.id] = f; });
  function el(tag, attrs, text){ var e=document.createElement(tag); for (var k in attrs||{}) e.setAttribute(k, attrs[k]); if (text!==undefined) e.textContent=text; return e; }
  var fw = document.getElementById('f-framework'), st = document.getElementById('f-status'), q = document.getElementById('f-text');
  data.frameworks.forEach(function(f){ fw.appendChild(el('option',{value:f},f)); });
  var hash = new URLSearchParams(location.hash.slice(1));
  if (hash.get('framework')) fw.value = hash.get('framework');
  if (hash.get('status')) st.value = hash.get('status');
  if (hash.get('q')) q.value = hash.get('q');
  function render(){
    var body = document.getElementById('matrix-body'); body.innerHTML='';
    var shown = 0;
    data.controls.forEach(function(c){
      if (fw.value && c.framework !== fw.value) return;
      if (st.value && c.status !== st.value) return;
      var text = (c.id+' '+c.title+' '+c.rules.join(' ')).toLowerCase();
      if (q.value && text.indexOf(q.value.toLowerCase()) < 0) return;
      shown++;
      var tr = el('tr',{'data-framework':c.framework,'data-control':c.id,'data-status':c.status});
      tr.appendChild(el('td',{},c.framework));
      tr.appendChild(el('td',{},c.id));
      var t = el('td',{},c.title); if (c.interpretation){ t.appendChild(el('div',{'class':'interp'},'Haven interpretation: '+c.interpretation)); } tr.appendChild(t);
      var s = el('td'); s.appendChild(el('span',{'class':'status s-'+c.status},LABEL[c.status])); if (c.warnings) s.appendChild(el('div',{'class':'interp'},c.warnings+' warning(s)')); tr.appendChild(s);
      tr.appendChild(el('td',{'class':'num'},String(c.findings.length)));
      tr.appendChild(el('td',{},c.rationale));
      tr.addEventListener('click', function(){ showEvidence(c, tr); });
      body.appendChild(tr);
    });
    document.getElementById('matrix-count').textContent = shown + ' of ' + data.controls.length + ' controls';
  }
  function showEvidence(c, tr){
    Array.prototype.forEach.call(document.querySelectorAll('tr.selected'), function(r){ r.classList.remove('selected'); });
    if (tr) tr.classList.add('selected');
    document.getElementById('evidence-title').textContent = 'Evidence for ' + c.framework + ' ' + c.id;
    renderFindings(c.findings.map(function(id){ return byId[id]; }), 'evidence-body');
  }
  function renderFindings(list, id){
    var body = document.getElementById(id); body.innerHTML='';
    list.forEach(function(f){
      var tr = el('tr',{'data-rule':f.ruleId,'data-status':f.status});
      tr.appendChild(el('td',{},f.severity));
      var s = el('td'); s.appendChild(el('span',{'class':'status s-'+f.status},f.status)); tr.appendChild(s);
      tr.appendChild(el('td',{},f.ruleId));
      tr.appendChild(el('td',{},f.evidence.stack+'/'+f.evidence.logicalId+(f.evidence.resource!==f.evidence.logicalId?' ('+f.evidence.resource+')':'')));
      tr.appendChild(el('td',{},f.evidence.resourceType));
      var p = el('td'); p.appendChild(el('code',{},f.evidence.property+' = '+JSON.stringify(f.evidence.value))); tr.appendChild(p);
      tr.appendChild(el('td',{},f.unmapped ? 'unmapped' : f.controls.map(function(x){return x.framework+':'+x.control;}).join(', ')));
      var m = el('td',{},f.message + (f.acknowledgement ? ' — acknowledged by '+(f.acknowledgement.builtin ? 'Haven (built-in)' : f.acknowledgement.owner)+': '+f.acknowledgement.reason : ''));
      if (f.acknowledgement && f.acknowledgement.docs) { m.appendChild(document.createTextNode(' ')); m.appendChild(el('a',{href:f.acknowledgement.docs},'AWS docs')); }
      tr.appendChild(m);
      body.appendChild(tr);
    });
  }
  [fw, st].forEach(function(x){ x.addEventListener('change', render); }); q.addEventListener('input', render);
  render();
  renderFindings(data.findings, 'findings-body');
  document.body.setAttribute('data-rendered','true');
})();
`;

/** A static table of the acknowledgements that applied: Haven's with their AWS docs link, the spec's with owner and expiry. */
function acknowledgementTable(id: string, uses: readonly AcknowledgementUse[], builtin: boolean): string {
  const head = builtin ? '<th>Rules</th><th>Findings</th><th>Reason</th><th>AWS documentation</th>' : '<th>Rules</th><th>Findings</th><th>Owner</th><th>Expires</th><th>Reason</th>';
  const rows = uses.map((a) => {
    const common = `<td>${xmlEscape(a.rules.join(', '))}</td><td class="num">${a.findings.length}</td>`;
    return builtin
      ? `<tr>${common}<td>${xmlEscape(a.reason)}</td><td>${a.docs ? `<a href="${xmlEscape(a.docs)}">${xmlEscape(a.docs)}</a>` : '—'}</td></tr>`
      : `<tr>${common}<td>${xmlEscape(a.owner)}</td><td>${a.expires ?? '—'}</td><td>${xmlEscape(a.reason)}</td></tr>`;
  });
  return `<table id="${id}"><thead><tr>${head}</tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table>`;
}

/** One self-contained HTML file: summary, a filterable control matrix and the evidence behind every finding. */
export function renderHtml(report: CheckReport): string {
  const json = JSON.stringify(report).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
  const rows = report.summary
    .map((s) => `<tr data-framework="${s.framework}"><td>${xmlEscape(s.title)}</td>${[s.met, s.met_with_exception, s.not_met, s.not_applicable, s.organizational, s.warnings].map((n) => `<td class="num">${n}</td>`).join('')}<td class="num">${metOnOwnText(s)}</td></tr>`)
    .join('\n');
  const statuses = CONTROL_STATUSES.map((s) => `<option value="${s}">${STATUS_LABEL[s]}</option>`).join('');
  const { builtin, spec } = acknowledgementsBySource(report);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Haven compliance report — ${xmlEscape(report.environment)}</title><style>${STYLE}</style></head>
<body>
<h1>Haven compliance report — ${xmlEscape(report.environment)} (${report.tier})</h1>
<div>Checked ${report.date}. <span id="verdict" class="verdict ${report.passed ? 'pass' : 'fail'}">${verdictText(report)}</span>.</div>
${report.builtinAcknowledgements ? '' : `<p id="no-builtin">${xmlEscape(NO_BUILTIN_NOTE)}</p>`}
<h2>Summary</h2>
<table id="summary"><thead><tr><th>Framework</th><th>Met</th><th>Met with exception</th><th>Not met</th><th>N/A</th><th>Organizational</th><th>With warnings</th><th>Met on its own</th></tr></thead><tbody>
${rows}
</tbody></table>
<p>Met: passes on its own. Met with exception: passes only through acknowledged findings (listed below). Met on its own: met controls out of those the infrastructure evidences.</p>
<h2>Control matrix</h2>
<div class="filters"><label>Framework <select id="f-framework"><option value="">all</option></select></label>
<label>Status <select id="f-status"><option value="">all</option>${statuses}</select></label>
<label>Search <input id="f-text" type="search"></label><span id="matrix-count"></span></div>
<table id="matrix"><thead><tr><th>Framework</th><th>Control</th><th>Title</th><th>Status</th><th>Findings</th><th>Why</th></tr></thead><tbody id="matrix-body"></tbody></table>
<h2 id="evidence-title">Evidence (select a control)</h2>
<table id="evidence"><thead><tr><th>Severity</th><th>Status</th><th>Rule</th><th>Resource</th><th>Type</th><th>Property = value</th><th>Controls</th><th>Message</th></tr></thead><tbody id="evidence-body"></tbody></table>
<h2>All findings</h2>
<table id="findings"><thead><tr><th>Severity</th><th>Status</th><th>Rule</th><th>Resource</th><th>Type</th><th>Property = value</th><th>Controls</th><th>Message</th></tr></thead><tbody id="findings-body"></tbody></table>
<h2>Haven's built-in acknowledgements (design decisions)</h2>
${builtin.length > 0 ? acknowledgementTable('builtin-acknowledgements', builtin, true) : '<p>None applied.</p>'}
<h2>The spec's acknowledgements</h2>
${spec.length > 0 ? acknowledgementTable('spec-acknowledgements', spec, false) : '<p>None applied.</p>'}
<noscript>The control matrix needs JavaScript; the same data is in the JSON report.</noscript>
<script type="application/json" id="haven-data">${json}</script>
<script type="application/json" id="haven-labels">${JSON.stringify(STATUS_LABEL)}</script>
<script>${SCRIPT}</script>
</body></html>
`;
}
