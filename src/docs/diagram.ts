import type { StackInput } from '../cost/types';
import { escapeHtml } from '../cost/format';
import { topology, type Topology } from './extract';

interface RegionView { readonly region: string; readonly role: string; readonly topo: Topology }

/** Merges the topology of every stack of an environment, one view per region (primary first). */
export function regionViews(stacks: readonly StackInput[], regions: readonly string[]): RegionView[] {
  const order = [...regions, ...stacks.map((s) => s.region).filter((r) => !regions.includes(r))];
  const views: RegionView[] = [];
  for (const region of [...new Set(order)]) {
    const topos = stacks.filter((s) => s.region === region).map(topology);
    if (topos.length === 0) continue;
    const merge = (k: 'edge' | 'entry' | 'compute' | 'data' | 'regional'): string[] => [...new Set(topos.flatMap((t) => t[k]))];
    views.push({
      region,
      role: views.length === 0 ? 'primary' : 'secondary',
      topo: {
        vpc: topos.some((t) => t.vpc),
        azs: [...new Set(topos.flatMap((t) => t.azs))],
        subnets: {
          public: topos.reduce((a, t) => a + t.subnets.public, 0),
          private: topos.reduce((a, t) => a + t.subnets.private, 0),
          isolated: topos.reduce((a, t) => a + t.subnets.isolated, 0),
        },
        nat: topos.reduce((a, t) => a + t.nat, 0),
        edge: merge('edge'), entry: merge('entry'), compute: merge('compute'), data: merge('data'), regional: merge('regional'),
      },
    });
  }
  return views;
}

const mid = (s: string): string => s.replace(/[^A-Za-z0-9]/g, '_');
const mlabel = (s: string): string => s.replace(/["[\]{}()<>|]/g, ' ').trim();

/** Mermaid flowchart of one environment (renders on GitHub / GitLab). */
export function mermaidDiagram(env: string, views: readonly RegionView[]): string {
  const lines: string[] = ['flowchart LR', `  %% environment: ${env}`, '  users(["Users"])'];
  const edge = [...new Set(views.flatMap((v) => v.topo.edge))];
  if (edge.length) {
    lines.push('  subgraph edge["Edge (global)"]');
    for (const e of edge) lines.push(`    edge_${mid(e)}["${mlabel(e)}"]`);
    lines.push('  end');
  }
  const links: string[] = [];
  views.forEach((v, i) => {
    const t = v.topo;
    const p = `r${i}`;
    lines.push(`  subgraph ${p}["${v.region} (${v.role})"]`);
    if (t.vpc) {
      lines.push(`    subgraph ${p}_vpc["VPC, ${t.azs.length || '?'} AZs"]`);
      if (t.subnets.public || t.entry.length || t.nat) {
        lines.push(`      subgraph ${p}_pub["Public subnets x${t.subnets.public}"]`);
        for (const e of t.entry) lines.push(`        ${p}_${mid(e)}["${mlabel(e)}"]`);
        if (t.nat) lines.push(`        ${p}_nat["NAT gateway x${t.nat}"]`);
        lines.push('      end');
      }
      if (t.subnets.private || t.compute.length) {
        lines.push(`      subgraph ${p}_priv["Private subnets x${t.subnets.private}"]`);
        for (const c of t.compute) lines.push(`        ${p}_${mid(c)}["${mlabel(c)}"]`);
        if (!t.compute.length) lines.push(`        ${p}_privnote["no workloads"]`);
        lines.push('      end');
      }
      lines.push(`      subgraph ${p}_iso["Isolated subnets x${t.subnets.isolated}"]`);
      for (const d of t.data) lines.push(`        ${p}_${mid(d)}[("${mlabel(d)}")]`);
      if (!t.data.length) lines.push(`        ${p}_isonote["no data stores"]`);
      lines.push('      end', '    end');
    }
    for (const r of t.regional) lines.push(`    ${p}_${mid(r)}["${mlabel(r)}"]`);
    lines.push('  end');
    const first = (xs: readonly string[]): string | undefined => (xs.length ? `${p}_${mid(xs[0])}` : undefined);
    const entry = first(t.entry);
    const compute = t.compute.map((c) => `${p}_${mid(c)}`);
    const data = t.data.map((d) => `${p}_${mid(d)}`);
    if (i === 0) {
      const front = edge.length ? `edge_${mid(edge[0])}` : entry;
      if (front) links.push(`  users --> ${front}`);
      for (let k = 1; k < edge.length; k++) links.push(`  edge_${mid(edge[k - 1])} --> edge_${mid(edge[k])}`);
      const last = edge.length ? `edge_${mid(edge[edge.length - 1])}` : undefined;
      if (last && entry) links.push(`  ${last} --> ${entry}`);
      else {
        const s3 = t.regional.find((r) => r.startsWith('S3'));
        if (last && s3) links.push(`  ${last} --> ${p}_${mid(s3)}`);
      }
    }
    for (const c of compute) { if (entry) links.push(`  ${entry} --> ${c}`); for (const d of data) links.push(`  ${c} --> ${d}`); }
    if (t.nat && compute.length) links.push(`  ${compute[0]} -. egress .-> ${p}_nat`);
    if (i > 0 && views[0].topo.data.length && t.data.length) links.push(`  r0_${mid(views[0].topo.data[0])} -. replication .-> ${data[0]}`);
  });
  return [...lines, ...links].join('\n') + '\n';
}

/** Offline SVG rendering of the same architecture: hand-laid boxes, no external fonts, scripts or images. */
export function svgDiagram(title: string, views: readonly RegionView[]): string {
  const e = escapeHtml;
  const EDGE_W = 200;
  const PANEL_W = 600;
  const W = EDGE_W + Math.max(1, views.length) * (PANEL_W + 20) + 20;
  // Tall enough for the VPC and the rows of regional service chips.
  const H = 620 + Math.max(1, ...views.map((v) => Math.ceil(v.topo.regional.length / 4))) * 44;
  const out: string[] = [];
  const box = (x: number, y: number, w: number, h: number, text: string, fill: string, opts: { rx?: number; stroke?: string; bold?: boolean; size?: number } = {}): void => {
    out.push(`<rect x="${x}" y="${y}" width="${w}" height="${h}" rx="${opts.rx ?? 6}" fill="${fill}" stroke="${opts.stroke ?? '#44546a'}" stroke-width="1.5"/>`);
    out.push(`<text x="${x + w / 2}" y="${y + h / 2 + 5}" text-anchor="middle" font-size="${opts.size ?? 13}"${opts.bold ? ' font-weight="bold"' : ''}>${e(text)}</text>`);
  };
  const label = (x: number, y: number, text: string, size = 13, weight = 'bold'): void => {
    out.push(`<text x="${x}" y="${y}" font-size="${size}" font-weight="${weight}">${e(text)}</text>`);
  };
  const arrow = (x1: number, y1: number, x2: number, y2: number, dashed = false): void => {
    out.push(`<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" stroke="#1f4e79" stroke-width="2"${dashed ? ' stroke-dasharray="6 4"' : ''} marker-end="url(#arrow)"/>`);
  };

  out.push(`<rect x="0" y="0" width="${W}" height="${H}" fill="#ffffff"/>`);
  label(20, 30, title, 18);
  // Users and the global edge.
  out.push(`<ellipse cx="${20 + EDGE_W / 2 - 10}" cy="90" rx="70" ry="24" fill="#fde9d9" stroke="#c0504d" stroke-width="1.5"/>`);
  out.push(`<text x="${20 + EDGE_W / 2 - 10}" y="95" text-anchor="middle" font-size="13" font-weight="bold">Users</text>`);
  const edge = [...new Set(views.flatMap((v) => v.topo.edge))];
  const edgeBoxes = edge.map((name, i) => ({ name, x: 30, y: 170 + i * 70, w: EDGE_W - 60, h: 44 }));
  if (edge.length) {
    out.push(`<rect x="20" y="140" width="${EDGE_W - 40}" height="${edge.length * 70 + 30}" rx="10" fill="#f2f2f2" stroke="#7f7f7f" stroke-dasharray="4 3"/>`);
    label(28, 158, 'Edge (global)', 12);
    edgeBoxes.forEach((b) => box(b.x, b.y, b.w, b.h, b.name, '#fff2cc'));
    arrow(20 + EDGE_W / 2 - 10, 114, 20 + EDGE_W / 2 - 10, 168);
    for (let i = 1; i < edgeBoxes.length; i++) arrow(edgeBoxes[i].x + edgeBoxes[i].w / 2, edgeBoxes[i - 1].y + 44, edgeBoxes[i].x + edgeBoxes[i].w / 2, edgeBoxes[i].y - 2);
  }

  views.forEach((v, i) => {
    const t = v.topo;
    const x0 = EDGE_W + 20 + i * (PANEL_W + 20);
    out.push(`<rect x="${x0}" y="50" width="${PANEL_W}" height="${H - 70}" rx="12" fill="#f7fbff" stroke="#2f5597" stroke-width="2"/>`);
    label(x0 + 14, 74, `${v.region} (${v.role})`, 15);
    const place = (names: readonly string[], y: number, fill: string, shape: 'box' | 'db' = 'box'): Array<{ x: number; y: number; w: number; h: number }> => {
      const w = 150;
      const gap = 20;
      const n = names.length;
      const startX = x0 + 40 + Math.max(0, (PANEL_W - 80 - (n * w + (n - 1) * gap)) / 2);
      return names.map((name, k) => {
        const b = { x: startX + k * (w + gap), y, w, h: 44 };
        if (shape === 'db') {
          out.push(`<path d="M${b.x} ${b.y + 8} a${w / 2} 8 0 0 0 ${w} 0 v${b.h - 12} a${w / 2} 8 0 0 1 ${-w} 0 z" fill="${fill}" stroke="#44546a" stroke-width="1.5"/>`);
          out.push(`<ellipse cx="${b.x + w / 2}" cy="${b.y + 8}" rx="${w / 2}" ry="8" fill="${fill}" stroke="#44546a" stroke-width="1.5"/>`);
          out.push(`<text x="${b.x + w / 2}" y="${b.y + 33}" text-anchor="middle" font-size="13">${e(name)}</text>`);
        } else box(b.x, b.y, b.w, b.h, name, fill);
        return b;
      });
    };
    let entryBoxes: Array<{ x: number; y: number; w: number; h: number }> = [];
    let computeBoxes: typeof entryBoxes = [];
    let dataBoxes: typeof entryBoxes = [];
    if (t.vpc) {
      out.push(`<rect x="${x0 + 16}" y="90" width="${PANEL_W - 32}" height="450" rx="10" fill="#ffffff" stroke="#548235" stroke-width="2"/>`);
      label(x0 + 28, 110, `VPC, ${t.azs.length || '?'} Availability Zones`, 13);
      const band = (y: number, h: number, text: string, fill: string): void => {
        out.push(`<rect x="${x0 + 28}" y="${y}" width="${PANEL_W - 56}" height="${h}" rx="8" fill="${fill}" stroke="#a9d18e"/>`);
        label(x0 + 38, y + 18, text, 12, 'normal');
      };
      band(122, 120, `Public subnets (${t.subnets.public})`, '#ebf5e4');
      band(254, 120, `Private subnets (${t.subnets.private})`, '#e2efda');
      band(386, 140, `Isolated data subnets (${t.subnets.isolated})`, '#d9ead3');
      entryBoxes = place([...t.entry, ...(t.nat ? [`NAT gateway x${t.nat}`] : [])], 170, '#ddebf7');
      computeBoxes = place(t.compute.length ? t.compute : ['no workloads'], 302, t.compute.length ? '#dae3f3' : '#f2f2f2');
      dataBoxes = place(t.data.length ? t.data : ['no data stores'], 450, '#fce4d6', t.data.length ? 'db' : 'box');
      const entry = t.entry.length ? entryBoxes[0] : undefined;
      for (const c of t.compute.length ? computeBoxes : []) {
        if (entry) arrow(entry.x + entry.w / 2, entry.y + entry.h, c.x + c.w / 2, c.y - 2);
        for (const d of dataBoxes) if (t.data.length) arrow(c.x + c.w / 2, c.y + c.h, d.x + d.w / 2, d.y - 2);
      }
    }
    // Regional services, four to a row.
    t.regional.forEach((r, k) => box(x0 + 24 + (k % 4) * 142, 560 + Math.floor(k / 4) * 44, 130, 32, r, '#ededed', { size: 12 }));
    if (i === 0 && edgeBoxes.length) {
      const last = edgeBoxes[edgeBoxes.length - 1];
      const target = t.entry.length ? entryBoxes[0] : undefined;
      const s3 = t.regional.findIndex((r) => r.startsWith('S3'));
      if (target) arrow(last.x + last.w, last.y + 22, target.x - 2, target.y + 22);
      else if (s3 >= 0) arrow(last.x + last.w, last.y + 22, x0 + 24 + (s3 % 4) * 142, 560 + Math.floor(s3 / 4) * 44 + 16);
    } else if (i === 0 && entryBoxes.length && t.entry.length) {
      arrow(20 + EDGE_W / 2 + 60, 90, entryBoxes[0].x - 2, entryBoxes[0].y + 22);
    }
    if (i > 0 && views[0].topo.data.length && t.data.length) {
      const fromX = EDGE_W + 20 + PANEL_W - 30;
      arrow(fromX, 472, dataBoxes[0]?.x - 2 || x0 + 40, 472, true);
      out.push(`<text x="${x0 - 10}" y="464" text-anchor="end" font-size="11">replication</text>`);
    }
  });
  return `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="DejaVu Sans, Arial, Helvetica, sans-serif" fill="#1b1f23">
<title>${e(title)}</title>
<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0 L10 5 L0 10 z" fill="#1f4e79"/></marker></defs>
${out.join('\n')}
</svg>
`;
}
