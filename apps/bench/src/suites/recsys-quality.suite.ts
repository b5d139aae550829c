import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type CatalogueItem,
  type DatasetSplit,
  evaluateFiles,
  type FileEvaluation,
  type Interaction,
  leaveOneOut,
  randomSplit,
  readMovieLensFolder,
  readOnlineRetailFile,
  temporalSplit,
  writeSplitFiles,
} from '@deepworks/recsys';
import { benchRow, type BenchRow } from '../bench-report';
import type { BenchSuite } from '../bench-suite';
import { runPeer } from '../peer-process';

interface EasePeerResult {
  ndcg: number;
  recall: number;
  users: number;
}

interface Protocol {
  name: string;
  split(interactions: readonly Interaction[]): DatasetSplit;
  /** NCF's protocol: the test item ranked among 99 sampled negatives (HR@10); else full ranking. */
  sampled: boolean;
}

interface Dataset {
  name: string;
  read(datasetsDir: string): { interactions: Interaction[]; items: CatalogueItem[] };
  protocols: Protocol[];
  models: readonly string[];
  /** Models left out on this dataset, and why (goes to the notes). */
  leftOut?: string;
}

const K = 10;
const ALL_MODELS = ['pop', 'itemknn', 'ease', 'mf', 'bpr', 'neumf', 'twotower', 'best'] as const;

const MOVIELENS_PROTOCOLS: Protocol[] = [
  {
    name: 'random',
    // RecBole's ML-1M setting: ratings ≥ 3, 10-core, per-user random 80/10/10.
    split: (interactions) => randomSplit(interactions, { seed: 42, minRating: 3, core: 10 }),
    sampled: false,
  },
  {
    name: 'temporal',
    split: (interactions) => temporalSplit(interactions, { testFraction: 0.2 }),
    sampled: false,
  },
  {
    name: 'leave-one-out',
    split: (interactions) => leaveOneOut(interactions, { seed: 42, validation: true, negatives: 99 }),
    sampled: true,
  },
];

const DATASETS: Dataset[] = [
  {
    name: 'ml-100k',
    read: (datasetsDir) => readMovieLensFolder(join(datasetsDir, 'movielens-100k')),
    protocols: MOVIELENS_PROTOCOLS,
    models: ALL_MODELS,
  },
  {
    name: 'ml-latest-small',
    read: (datasetsDir) => readMovieLensFolder(join(datasetsDir, 'movielens-latest-small')),
    protocols: MOVIELENS_PROTOCOLS.filter((protocol) => protocol.name === 'random'),
    models: ALL_MODELS,
    leftOut:
      'ml-latest-small: random split only; unfiltered (temporal, leave-one-out) it keeps ~9,000 items, where each EASE fit (O(n³)) takes ~10 min and best fits it 24 times',
  },
  {
    name: 'online-retail',
    read: (datasetsDir) =>
      readOnlineRetailFile(join(datasetsDir, 'online-retail', 'onlineretail.derived.csv.gz')),
    protocols: [
      {
        name: 'temporal',
        split: (interactions) => temporalSplit(interactions, { testFraction: 0.2 }),
        sampled: false,
      },
    ],
    models: ['pop', 'itemknn', 'ease', 'mf', 'twotower'],
    leftOut:
      'online-retail: bpr, neumf and best left out (tens of minutes each at 3,659 items; best would pick on random carves of a temporal train)',
  },
];

/**
 * Recommendation quality, every model × protocol (`libs/recsys`): MovieLens-100K under a RecBole-like
 * random split, a global temporal split (full ranking, NDCG@10) and NCF's leave-one-out with 99
 * sampled negatives (HR@10); ml-latest-small under the random split; UCI Online Retail under a temporal split with its
 * product descriptions, where new products get a cold-start row. Each split is written as files and
 * both sides read the same files; the peer is the numpy EASE (λ 500) on each full-ranking split, so
 * every row's ratio is that model against numpy EASE. Long: about an hour on 2 cores.
 */
export const recsysQualitySuite: BenchSuite = {
  name: 'recsys',
  description: 'recommendation quality: every model × protocol on MovieLens and Online Retail vs numpy EASE',
  async run({ peersDir, datasetsDir }) {
    const rows: BenchRow[] = [];
    const notes: string[] = [];
    for (const dataset of DATASETS) {
      const { interactions, items } = dataset.read(datasetsDir);
      if (dataset.leftOut) notes.push(dataset.leftOut);
      for (const protocol of dataset.protocols) {
        const folder = mkdtempSync(join(tmpdir(), `bench-recsys-${dataset.name}-`));
        try {
          const split = protocol.split(interactions);
          const trainItems = new Set(split.train.map((interaction) => interaction.item));
          // MovieLens: the catalogue as train knows it, so that the text model ranks the same candidates
          // as the others. Online Retail: the whole catalogue, new products included (cold start).
          const catalogue =
            dataset.name === 'online-retail' ? items : items.filter((item) => trainItems.has(item.id));
          const files = writeSplitFiles(split, folder, catalogue);
          const label = `${dataset.name} ${protocol.name}`;
          notes.push(
            `${label}: ${split.protocol}; train ${split.train.length}, validation ${split.validation.length}, test ${split.test.length}`,
          );
          const peer = protocol.sampled
            ? undefined
            : await runPeer<EasePeerResult>(peersDir, 'ease.py', [
                '--train',
                files.train,
                '--test',
                files.test,
                '--k',
                String(K),
              ]);
          if (peer?.skipped) notes.push(`${label}: ${peer.skipped}`);
          const metric = protocol.sampled ? `hit@${K}` : `ndcg@${K}`;
          for (const model of dataset.models) {
            process.stderr.write(`recsys: ${label} ${model} …\n`);
            const result: FileEvaluation = await evaluateFiles({
              trainCsv: files.train,
              testCsv: files.test,
              itemsCsv: files.items,
              negativesCsv: protocol.sampled ? files.negatives : undefined,
              model,
              k: K,
              backend: 'wasm',
            });
            rows.push(
              benchRow(
                {
                  name: `${label} ${model}`,
                  backend: 'wasm',
                  ours: result[metric],
                  peer: peer?.result?.ndcg ?? null,
                  unit: protocol.sampled ? 'HR@10 (1 + 99)' : 'NDCG@10',
                },
                'higher',
              ),
            );
            notes.push(
              `${label} ${model}: ${result.model}, ${result.users} users, train ${result.train_s} s`,
            );
            const cold = result.cold_start;
            if (cold && cold.users > 0) {
              rows.push(
                benchRow(
                  {
                    name: `${label} ${model} new items`,
                    backend: 'wasm',
                    ours: cold[`ndcg@${K}`],
                    peer: null,
                    unit: `NDCG@10 among ${cold.items} new`,
                  },
                  'higher',
                ),
              );
            }
          }
        } finally {
          rmSync(folder, { recursive: true, force: true });
        }
      }
    }
    return { rows, notes };
  },
};
