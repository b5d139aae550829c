import type { BenchRow } from './bench-report';

export interface BenchSuiteContext {
  /** Folder of the peer baselines (PEERS_DIR, default ../shared/peers). */
  peersDir: string;
  /** Folder of the public datasets (DATASETS_DIR, default ../shared/datasets); read there, never copied. */
  datasetsDir: string;
}

/** A benchmark suite: measures our figures and the peer's for the same work, in one run. */
export interface BenchSuite {
  name: string;
  description: string;
  run(context: BenchSuiteContext): Promise<{ rows: BenchRow[]; notes: string[] }>;
}
