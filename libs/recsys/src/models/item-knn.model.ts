import type { InteractionMatrix } from '../matrix/interaction-matrix';
import type { SparseItemWeights } from './fitted-weights';
import { topKRows } from '../ranking/top-k';
import {
  rejectUnknownOptions,
  requireFitted,
  type FitOptions,
  type Recommender,
  type ScoredItem,
} from './recommender';

export interface ItemKnnConfig {
  /** Neighbours kept per target item (the most similar ones). */
  neighbours?: number;
  /** Shrinkage h in cos(i, j) = |U_i ∩ U_j| / (√|U_i|·√|U_j| + h): damps similarities from few users. */
  shrinkage?: number;
}

/**
 * Item-based k-nearest neighbours (Sarwar et al. 2001; Deshpande & Karypis 2004) with shrunk cosine
 * similarity on the binary matrix. score(u, j) = Σ_{i ∈ history(u)} sim(i, j) over the `neighbours`
 * items most similar to j (as RecBole's ItemKNN). Similarities are computed one target item at a time
 * from the sparse matrix, so memory is O(items × neighbours), not items².
 */
export class ItemKnnRecommender implements Recommender {
  readonly description: string;
  private readonly neighbours: number;
  private readonly shrinkage: number;
  private train?: InteractionMatrix;
  /** For each history item i: the targets j that keep i as a neighbour, and sim(i, j) (CSR). */
  private byHistoryItem?: { pointers: Int32Array; targets: Int32Array; similarities: Float32Array };
  /** For each item: its neighbours, best first (for `similarItems`). */
  private neighbourLists?: { items: Int32Array; similarities: Float32Array }[];

  constructor(config: ItemKnnConfig = {}) {
    rejectUnknownOptions(config, ['neighbours', 'shrinkage'], 'itemknn');
    this.neighbours = config.neighbours ?? 100;
    this.shrinkage = config.shrinkage ?? 10;
    if (!Number.isInteger(this.neighbours) || this.neighbours < 1) {
      throw new RangeError(`itemknn neighbours must be a positive integer, got ${this.neighbours}`);
    }
    if (!(this.shrinkage >= 0)) throw new RangeError(`itemknn shrinkage must be ≥ 0, got ${this.shrinkage}`);
    this.description = `itemknn(neighbours=${this.neighbours}, shrinkage=${this.shrinkage})`;
  }

  fit(train: InteractionMatrix, _options: FitOptions = {}): Promise<void> {
    const size = train.itemCount;
    const byItem = train.transpose();
    const norms = new Float64Array(size);
    for (let entry = 0; entry < train.nonZeroCount; entry++) {
      norms[train.columnIndices[entry]] += train.values[entry] * train.values[entry];
    }
    for (let item = 0; item < size; item++) norms[item] = Math.sqrt(norms[item]);
    const coCounts = new Float64Array(size);
    const similarities = new Float32Array(size);
    const lists: { items: Int32Array; similarities: Float32Array }[] = [];
    for (let target = 0; target < size; target++) {
      coCounts.fill(0);
      for (let entry = byItem.rowPointers[target]; entry < byItem.rowPointers[target + 1]; entry++) {
        const user = byItem.columnIndices[entry];
        const weight = byItem.values[entry];
        for (let other = train.rowPointers[user]; other < train.rowPointers[user + 1]; other++) {
          coCounts[train.columnIndices[other]] += weight * train.values[other];
        }
      }
      for (let item = 0; item < size; item++) {
        similarities[item] =
          coCounts[item] === 0 ? 0 : coCounts[item] / (norms[target] * norms[item] + this.shrinkage);
      }
      const [best] = topKRows(similarities, 1, size, this.neighbours, [[target]]);
      const kept = Array.from(best).filter((item) => similarities[item] > 0);
      lists.push({
        items: Int32Array.from(kept),
        similarities: Float32Array.from(kept, (item) => similarities[item]),
      });
    }
    this.byHistoryItem = invertNeighbourLists(lists, size);
    this.neighbourLists = lists;
    this.train = train;
    return Promise.resolve();
  }

  scoreUsers(userIndices: readonly number[]): Float32Array {
    const train = requireFitted(this.train, this.description);
    const { pointers, targets, similarities } = requireFitted(this.byHistoryItem, this.description);
    const size = train.itemCount;
    const scores = new Float32Array(userIndices.length * size);
    userIndices.forEach((user, row) => {
      const offset = row * size;
      for (let entry = train.rowPointers[user]; entry < train.rowPointers[user + 1]; entry++) {
        const item = train.columnIndices[entry];
        const value = train.values[entry];
        for (let link = pointers[item]; link < pointers[item + 1]; link++) {
          scores[offset + targets[link]] += value * similarities[link];
        }
      }
    });
    return scores;
  }

  /**
   * The kNN weights as a sparse item × item matrix W (a copy): row j holds sim(j, i) for every target
   * i that keeps j among its `neighbours`, targets ascending, so `scoreUsers` is x·W. Sparse because
   * it holds at most items × neighbours entries; a column of W is one item's neighbour list.
   */
  neighbourWeights(): SparseItemWeights {
    const train = requireFitted(this.train, this.description);
    const { pointers, targets, similarities } = requireFitted(this.byHistoryItem, this.description);
    return {
      itemCount: train.itemCount,
      rowPointers: pointers.slice(),
      columnIndices: targets.slice(),
      values: similarities.slice(),
    };
  }

  similarItems(itemIndex: number, k: number): ScoredItem[] {
    const list = requireFitted(this.neighbourLists, this.description)[itemIndex];
    const count = Math.min(k, list.items.length);
    return Array.from({ length: count }, (_, position) => ({
      itemIndex: list.items[position],
      score: list.similarities[position],
    }));
  }
}

/**
 * target → neighbours lists turned into neighbour → targets lists (CSR), so scoring walks a history.
 * Targets are visited in increasing order, so each row's targets come out ascending.
 */
function invertNeighbourLists(
  lists: readonly { items: Int32Array; similarities: Float32Array }[],
  size: number,
): { pointers: Int32Array; targets: Int32Array; similarities: Float32Array } {
  const pointers = new Int32Array(size + 1);
  for (const list of lists) for (const item of list.items) pointers[item + 1]++;
  for (let item = 0; item < size; item++) pointers[item + 1] += pointers[item];
  const next = pointers.slice(0, size);
  const targets = new Int32Array(pointers[size]);
  const similarities = new Float32Array(pointers[size]);
  lists.forEach((list, target) => {
    list.items.forEach((item, position) => {
      const slot = next[item]++;
      targets[slot] = target;
      similarities[slot] = list.similarities[position];
    });
  });
  return { pointers, targets, similarities };
}
