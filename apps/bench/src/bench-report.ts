import { cpus, totalmem } from 'node:os';

/** One measured figure, ours beside the peer's for the same work in the same run. */
export interface BenchRow {
  name: string;
  backend: string;
  ours: number;
  peer: number | null;
  /** ours ÷ peer, oriented so that > 1 means deepworks is better; null without a peer. */
  ratio: number | null;
  unit: string;
}

export interface BenchReport {
  suite: string;
  machine: string;
  rows: BenchRow[];
  notes: string[];
}

export type Better = 'higher' | 'lower';

export function benchRow(figure: Omit<BenchRow, 'ratio'>, better: Better): BenchRow {
  const { ours, peer } = figure;
  const ratio =
    peer === null || ours === 0 || peer === 0 ? null : better === 'higher' ? ours / peer : peer / ours;
  return { ...figure, ratio: ratio === null ? null : Number(ratio.toFixed(3)) };
}

export function machineDescription(): string {
  const cores = cpus();
  return `${cores[0]?.model.trim() ?? 'unknown CPU'}, ${cores.length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
}

export function formatTable(report: BenchReport): string {
  const header = ['name', 'backend', 'ours', 'peer', 'ratio', 'unit'];
  const body = report.rows.map((row) => [
    row.name,
    row.backend,
    formatNumber(row.ours),
    row.peer === null ? '—' : formatNumber(row.peer),
    row.ratio === null ? '—' : `${row.ratio.toFixed(2)}×`,
    row.unit,
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...body.map((cells) => cells[column].length)),
  );
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column])).join('  ');
  return [
    `${report.suite} — ${report.machine}`,
    line(header),
    line(widths.map((width) => '-'.repeat(width))),
    ...body.map(line),
    ...report.notes.map((note) => `note: ${note}`),
  ].join('\n');
}

function formatNumber(value: number): string {
  return Math.abs(value) >= 100 ? value.toFixed(0) : value.toPrecision(3);
}
