import { createHash } from 'node:crypto';
import { type Interaction, InteractionMatrix, randomSplit } from '@deepworks/recsys';
import { ItemTextIndex, itemDocument, type ItemTextFields } from '../model/item-text.index';
import type { ServedCatalogue } from './served-model.builder';

export interface CatalogueEntry extends ItemTextFields {
  id: string;
}

export interface TrainingSplitOptions {
  /** Share of each user's interactions held out for evaluation. */
  holdout: number;
  seed: number;
}

/** Everything one training run fits and evaluates on, built once and shared by every candidate. */
export interface PreparedTrainingData extends ServedCatalogue {
  /** All interactions: what the served model is fitted on. */
  all: InteractionMatrix;
  /** The per-user training part of the split, over the same users and items. */
  train: InteractionMatrix;
  heldOut: Interaction[];
  protocol: string;
  /** sha256 over the catalogue ids and every (user, item, weight): which data a metric came from. */
  fingerprint: string;
}

/**
 * The catalogue (every item, also those nobody has touched yet: the text component can still
 * recommend them) and the weighted interactions as matrices, with a per-user random hold-out
 * (RecBole's RS protocol, via @deepworks/recsys `randomSplit`). Ids are sorted, so the same data
 * always gives the same matrices.
 */
export function prepareTrainingData(
  catalogue: readonly CatalogueEntry[],
  interactions: readonly Interaction[],
  options: TrainingSplitOptions,
): PreparedTrainingData {
  const sorted = [...catalogue].sort((a, b) => compareIds(a.id, b.id));
  const itemIds = sorted.map((item) => item.id);
  const userIds = [...new Set(interactions.map((interaction) => interaction.user))].sort(compareIds);
  const matrixOptions = { values: 'rating' as const, userIds, itemIds };
  const documents = sorted.map(itemDocument);
  const split = randomSplit(interactions, {
    seed: options.seed,
    ratios: [1 - options.holdout, 0, options.holdout],
  });
  return {
    items: sorted.map((item) => ({ id: item.id, title: item.title, category: item.category })),
    documents,
    text: ItemTextIndex.build(documents),
    all: InteractionMatrix.fromInteractions(interactions, matrixOptions),
    train: InteractionMatrix.fromInteractions(split.train, matrixOptions),
    heldOut: split.test,
    protocol: split.protocol,
    fingerprint: fingerprintOf(itemIds, interactions),
  };
}

function fingerprintOf(itemIds: readonly string[], interactions: readonly Interaction[]): string {
  const hash = createHash('sha256');
  for (const id of itemIds) hash.update(id).update('\n');
  const rows = interactions.map(
    (interaction) => `${interaction.user}\t${interaction.item}\t${interaction.rating ?? 1}`,
  );
  for (const row of rows.sort()) hash.update(row).update('\n');
  return `sha256:${hash.digest('hex')}`;
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
