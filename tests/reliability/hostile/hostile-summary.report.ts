import type { AppName } from '../../support/service-process';
import { HOSTILE_CATEGORIES, type HostileCase, type HostileCategory } from './hostile-case.types';
import type { RawResponse } from './raw-http.client';

export const SERVICES: readonly AppName[] = ['recommender', 'sentiment', 'triage'];

/** What one case did. */
export interface CaseOutcome {
  hostile: HostileCase;
  response: RawResponse;
  /** Tables and files that changed while the case ran (see stateChanges). */
  changes: string[];
  /** The service's process was still running after the case. */
  alive: boolean;
}

export function isRejected(outcome: CaseOutcome): boolean {
  return outcome.response.status >= 400 && outcome.response.status <= 499;
}

/** A case passes when it was answered 4xx, wrote nothing and left its process running. */
export function isFailure(outcome: CaseOutcome): boolean {
  return !isRejected(outcome) || outcome.changes.length > 0 || !outcome.alive;
}

export interface CategoryCount {
  cases: number;
  rejected4xx: number;
  other: number;
  wrote: number;
  byService: Record<AppName, number>;
}

export function countByCategory(outcomes: readonly CaseOutcome[]): Record<HostileCategory, CategoryCount> {
  const counts = Object.fromEntries(
    HOSTILE_CATEGORIES.map((category) => [
      category,
      {
        cases: 0,
        rejected4xx: 0,
        other: 0,
        wrote: 0,
        byService: { recommender: 0, sentiment: 0, triage: 0 },
      },
    ]),
  ) as Record<HostileCategory, CategoryCount>;
  for (const outcome of outcomes) {
    const count = counts[outcome.hostile.category];
    count.cases++;
    count.byService[outcome.hostile.service]++;
    if (isRejected(outcome)) count.rejected4xx++;
    else count.other++;
    if (outcome.changes.length > 0) count.wrote++;
  }
  return counts;
}

/** The per-category table printed after the run. */
export function formatSummaryTable(outcomes: readonly CaseOutcome[], rowsChanged: number): string {
  const counts = countByCategory(outcomes);
  const header = ['category', ...SERVICES, 'cases', '4xx', 'other', 'wrote'];
  const rows = HOSTILE_CATEGORIES.map((category) => {
    const count = counts[category];
    return [
      category,
      ...SERVICES.map((service) => String(count.byService[service])),
      String(count.cases),
      String(count.rejected4xx),
      String(count.other),
      String(count.wrote),
    ];
  });
  const total = (pick: (count: CategoryCount) => number) =>
    String(Object.values(counts).reduce((sum, count) => sum + pick(count), 0));
  rows.push([
    'TOTAL',
    ...SERVICES.map((service) => total((count) => count.byService[service])),
    total((count) => count.cases),
    total((count) => count.rejected4xx),
    total((count) => count.other),
    total((count) => count.wrote),
  ]);
  const widths = header.map((_, column) => Math.max(...[header, ...rows].map((row) => row[column].length)));
  const line = (row: string[]) =>
    row
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[0]) : cell.padStart(widths[column])))
      .join('  ');
  const statuses = new Map<number, number>();
  for (const { response } of outcomes)
    statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
  const statusLine = [...statuses]
    .sort(([a], [b]) => a - b)
    .map(([status, count]) => `${status === 0 ? 'no answer' : status}×${count}`)
    .join(', ');
  return [
    line(header),
    ...rows.slice(0, -1).map(line),
    widths.map((width) => '-'.repeat(width)).join('  '),
    line(rows[rows.length - 1]),
    `statuses: ${statusLine}`,
    `rows changed (Σ|Δ| over every table, before → after the corpus): ${rowsChanged}`,
  ].join('\n');
}

/** One line per failing case: name, status, what it wrote, the start of the body. */
export function formatFailures(outcomes: readonly CaseOutcome[]): string {
  return outcomes
    .map((outcome) => {
      const { status, body, error } = outcome.response;
      const parts = [
        `- ${outcome.hostile.name}`,
        `    status ${status === 0 ? `none (${error})` : status}${outcome.alive ? '' : ', PROCESS EXITED'}`,
      ];
      if (outcome.changes.length > 0) parts.push(`    wrote: ${outcome.changes.join('; ')}`);
      if (body) parts.push(`    body: ${body.replace(/\s+/g, ' ').slice(0, 300)}`);
      return parts.join('\n');
    })
    .join('\n');
}
