export * from './types';
export { generateDocs, writeDocs } from './generate';
export { extractAlarms, inventory, topology, cfnText, TYPE_LABELS, type InventoryRow, type Topology } from './extract';
export { mermaidDiagram, svgDiagram, regionViews } from './diagram';
