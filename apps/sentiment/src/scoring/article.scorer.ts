import { SENTIMENT_CLASSES, type SentimentClass, TickerExtractor } from '@deepworks/text';
import type { ArticleTopics } from '../model/topic.model';
import type { SentimentModel, TokenContribution } from '../model/sentiment.model';

export interface ArticleScore {
  label: SentimentClass;
  probabilities: Record<SentimentClass, number>;
  /** Multi-label topics (possibly none): the learned classifier's, else the keyword rules'. */
  topics: string[];
  /** The publisher's tickers plus those found in the text (cashtags, company names), sorted. */
  tickers: string[];
  /** The words that moved the score most. */
  contributions: TokenContribution[];
}

/** Words kept per article for the dashboard's highlighting. */
export const CONTRIBUTIONS_KEPT = 8;

/** Sentiment, topics and tickers of one article: what the scoring worker stores. */
export class ArticleScorer {
  private readonly tickers = new TickerExtractor();

  score(
    model: SentimentModel,
    topics: ArticleTopics,
    article: { text: string; tickers: readonly string[] },
  ): ArticleScore {
    const { label, probabilities } = model.score(article.text);
    if (!(SENTIMENT_CLASSES as readonly string[]).includes(label)) {
      throw new Error(`the model predicted "${label}", not one of ${SENTIMENT_CLASSES.join(', ')}`);
    }
    const found = this.tickers.extract(article.text).map((mention) => mention.ticker);
    return {
      label: label as SentimentClass,
      probabilities: {
        negative: probabilities.negative ?? 0,
        neutral: probabilities.neutral ?? 0,
        positive: probabilities.positive ?? 0,
      },
      topics: topics.topicsOf(article.text),
      tickers: [...new Set([...article.tickers, ...found])].sort(),
      contributions: model
        .explain(article.text, CONTRIBUTIONS_KEPT)
        .map(({ token, weight }) => ({ token, weight: Math.round(weight * 1e4) / 1e4 })),
    };
  }
}
