/** What the worker tells the API processes (and through them, the browsers) as it happens. */
export type SentimentEvent =
  | { type: 'articles.scored'; count: number; modelVersion: number; latestPublishedAt: string | null }
  | { type: 'alert.raised'; alertId: string; topic: string; bucketStart: string; negativeShare: number }
  | { type: 'alert.acknowledged'; alertId: string; acknowledgedBy: string }
  | { type: 'model.promoted'; version: number; macroF1: number };

export const SENTIMENT_EVENT_TYPES: readonly SentimentEvent['type'][] = [
  'articles.scored',
  'alert.raised',
  'alert.acknowledged',
  'model.promoted',
];
