import { porterStem, preprocess } from '@deepworks/text';
import { eventVerb } from '../model/event-weights.policy';
import type { Contribution, RecommendationModel } from '../model/recommendation.model';

/** `because you viewed "Vintage kettle"`: the history item whose term x_j·W[j,i] is largest. */
export function becauseOf(model: RecommendationModel, contribution: Contribution): string {
  return `because you ${eventVerb(contribution.historyWeight)} "${model.item(contribution.itemIndex).title}"`;
}

export function popularExplanation(category?: string): string {
  return category === undefined ? 'popular with other shoppers' : `popular in ${category}`;
}

/**
 * `matches "kettles"`: the word of the shopper's own text whose stem is the term adding most to the
 * item's TF-IDF match (the index stores stems, which are not words).
 */
export function matchExplanation(interest: string, stemmedTerm: string | undefined): string {
  if (stemmedTerm === undefined) return 'matches your interest';
  const word = preprocess(interest, { stem: false }).tokens.find(
    (token) => porterStem(token) === stemmedTerm,
  );
  return `matches "${word ?? stemmedTerm}"`;
}
