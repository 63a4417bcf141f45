import type { Cell, Table } from './scenario.js';

function text(c: Cell): string {
  return c === null ? 'n/a' : String(c);
}

/** formatTable prints a table with aligned columns under its title. */
export function formatTable(t: Table): string {
  const lines = [t.columns, ...t.rows.map((r) => r.map(text))];
  const widths = t.columns.map((_, i) => Math.max(...lines.map((l) => (l[i] ?? '').length)));
  const body = lines.map((l) => l.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ').trimEnd());
  return `${t.title}\n${body.join('\n')}\n`;
}
