import { topKRows } from '@deepworks/recsys';
import { type ColdStartOptions, DEFAULT_COLD_START } from './cold-start.blend';
import { itemDocument, type ItemTextFields } from './item-text.index';
import { type LatentFactors, RecommendationModel } from './recommendation.model';
import type { SparseRows } from './sparse-rows.matrix';

export interface NewCatalogueItem extends ItemTextFields {
  id: string;
}

export interface CatalogueExtensionOptions {
  /** The cold-start settings the model was trained with; null: it has no text component. */
  coldStart: ColdStartOptions | null;
  /** The text scale c the training blend computed (item-item models). */
  textScale: number | null;
}

/**
 * The served model with items the catalogue gained after training appended (indices n, n + 1, …),
 * placed by their text exactly as training places an item with no events: item-item models get the
 * links W[j, new] = c·cos(j, new) from its textually closest items j; factors models get the
 * cosine-weighted mean of those items' vectors. Existing indices, histories and weights are
 * unchanged, so a new product is recommendable as soon as the API sees it, before any retraining.
 * Without a text component the new items can be found by text search and similar-items only.
 */
export function extendWithNewItems(
  model: RecommendationModel,
  added: readonly NewCatalogueItem[],
  options: CatalogueExtensionOptions,
): RecommendationModel {
  const fresh = added.filter((item) => model.itemIndex(item.id) === undefined);
  if (fresh.length === 0) return model;
  const base = model.parts;
  const known = base.items.length;
  const total = known + fresh.length;
  const text = base.text.withItems(fresh.map(itemDocument));
  const settings = { ...DEFAULT_COLD_START, ...(options.coldStart ?? {}) };
  const neighbours = fresh.map((_, offset) => {
    const cosines = text.similarities(known + offset);
    const eligible = cosines.slice(0, known);
    if (base.kind === 'factors') {
      for (let item = 0; item < known; item++) if (!(base.popularity[item] > 0)) eligible[item] = -Infinity;
    }
    const [closest] = topKRows(eligible, 1, known, settings.neighbours);
    return Array.from(closest)
      .filter((item) => eligible[item] > 0)
      .map((item) => ({ item, cosine: eligible[item] }));
  });
  const popularity = new Float32Array(total);
  popularity.set(base.popularity);
  const histories: SparseRows = { ...base.histories, columnCount: total };
  let weights = base.weights ?? null;
  if (weights) {
    const scale = options.coldStart && options.textScale !== null ? options.textScale : 0;
    const links: { target: number; value: number }[][] = Array.from({ length: known }, () => []);
    if (scale > 0) {
      neighbours.forEach((list, offset) =>
        list.forEach(({ item, cosine }) =>
          links[item].push({ target: known + offset, value: scale * cosine }),
        ),
      );
    }
    weights = appendColumns(weights, links, total);
  }
  let factors = base.factors ?? null;
  if (factors) factors = appendFactors(factors, neighbours, options.coldStart !== null);
  return new RecommendationModel({
    ...base,
    items: [...base.items, ...fresh.map(({ id, title, category }) => ({ id, title, category }))],
    histories,
    weights,
    factors,
    popularity,
    text,
  });
}

/** W with empty rows for the new items and, per existing row, its new links appended (ascending). */
function appendColumns(
  weights: SparseRows,
  links: readonly { target: number; value: number }[][],
  columns: number,
): SparseRows {
  const added = links.reduce((sum, row) => sum + row.length, 0);
  const rows = columns;
  const pointers = new Int32Array(rows + 1);
  const indices = new Int32Array(weights.indices.length + added);
  const values = new Float32Array(weights.values.length + added);
  let cursor = 0;
  for (let row = 0; row < rows; row++) {
    if (row < weights.rowCount) {
      const start = weights.pointers[row];
      const end = weights.pointers[row + 1];
      indices.set(weights.indices.subarray(start, end), cursor);
      values.set(weights.values.subarray(start, end), cursor);
      cursor += end - start;
      for (const link of [...links[row]].sort((a, b) => a.target - b.target)) {
        indices[cursor] = link.target;
        values[cursor++] = link.value;
      }
    }
    pointers[row + 1] = cursor;
  }
  return { rowCount: rows, columnCount: columns, pointers, indices, values };
}

function appendFactors(
  factors: LatentFactors,
  neighbours: readonly { item: number; cosine: number }[][],
  useText: boolean,
): LatentFactors {
  const { dimension } = factors;
  const known = factors.itemBiases.length;
  const itemFactors = new Float32Array((known + neighbours.length) * dimension);
  const itemBiases = new Float32Array(known + neighbours.length);
  itemFactors.set(factors.itemFactors);
  itemBiases.set(factors.itemBiases);
  neighbours.forEach((list, offset) => {
    const target = known + offset;
    const total = list.reduce((sum, { cosine }) => sum + cosine, 0);
    if (!useText || total === 0) {
      // Nothing to place it by: it must never outrank an item the model knows.
      itemBiases[target] = -Infinity;
      return;
    }
    for (const { item, cosine } of list) {
      const weight = cosine / total;
      for (let k = 0; k < dimension; k++) {
        itemFactors[target * dimension + k] += weight * factors.itemFactors[item * dimension + k];
      }
      itemBiases[target] += weight * factors.itemBiases[item];
    }
  });
  return { ...factors, itemFactors, itemBiases };
}
