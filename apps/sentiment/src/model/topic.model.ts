import { KeywordTopicTagger, TfidfVectorizer, TopicClassifier } from '@deepworks/text';

/** Fewest topic-labelled articles a topic classifier is trained on; below it, keyword rules alone. */
export const MIN_TOPIC_TRAINING_ROWS = 100;
/** Fewest training examples a topic needs to be learned (rarer ones are left to the rules). */
export const MIN_EXAMPLES_PER_TOPIC = 5;

/** A stored topic label: one topic or several separated by `,`, `;` or `|`, compared in lower case. */
export function parseTopicLabel(label: string): string[] {
  return [
    ...new Set(
      label
        .split(/[,;|]/)
        .map((topic) => topic.trim().toLowerCase())
        .filter((topic) => topic !== ''),
    ),
  ].sort();
}

/**
 * Topics of an article. For the topics the classifier learned, its own (probability ≥ 0.5); for the rules'
 * other topics (no labelled data), the keyword rules; where the classifier finds none of its topics, the
 * keyword rules for all.
 */
export class ArticleTopics {
  private readonly rules = new KeywordTopicTagger();
  private readonly learnedTopics: ReadonlySet<string>;

  constructor(readonly classifier: TopicClassifier | null = null) {
    this.learnedTopics = new Set(classifier?.topics ?? []);
  }

  topicsOf(text: string): string[] {
    const byRules = this.rules.topicsOf(text);
    const learned = this.classifier?.predict([text])[0] ?? [];
    if (learned.length === 0) return byRules;
    return [...learned, ...byRules.filter((topic) => !this.learnedTopics.has(topic))];
  }
}

/** Micro-averaged multi-label F1 over (article, topic) pairs. */
export interface TopicEvaluation {
  micro_f1: number;
  n: number;
}

export interface TopicTrainingReport {
  /** Why no classifier was kept (too few labels, or it did not beat the keyword rules). */
  skipped?: string;
  topics: string[];
  trainRows: number;
  /** On the held-out articles: the classifier with its keyword fallback, and the keyword rules alone. */
  learned?: TopicEvaluation;
  rules?: TopicEvaluation;
}

export interface LabelledTopicRow {
  text: string;
  topics: string[];
}

/**
 * Fits a one-vs-rest topic classifier (TF-IDF 1–2-grams, sublinear tf) on topic-labelled articles and
 * keeps it only if, with its keyword fallback, it reaches at least the keyword rules' micro-F1 on the
 * held-out articles: learned topics replace the rules only where they are no worse.
 */
export function trainTopicClassifier(
  train: readonly LabelledTopicRow[],
  heldOut: readonly LabelledTopicRow[],
): { classifier: TopicClassifier | null; report: TopicTrainingReport } {
  const counts = new Map<string, number>();
  for (const row of train) for (const topic of row.topics) counts.set(topic, (counts.get(topic) ?? 0) + 1);
  const topics = [...counts].filter(([, count]) => count >= MIN_EXAMPLES_PER_TOPIC).map(([topic]) => topic);
  topics.sort();
  const report: TopicTrainingReport = { topics, trainRows: train.length };
  if (train.length < MIN_TOPIC_TRAINING_ROWS || topics.length < 2 || heldOut.length === 0) {
    report.skipped =
      `${train.length} topic-labelled training articles and ${topics.length} topics with ≥ ` +
      `${MIN_EXAMPLES_PER_TOPIC} examples (need ${MIN_TOPIC_TRAINING_ROWS} and 2, and held-out articles)`;
    return { classifier: null, report };
  }
  const texts = train.map((row) => row.text);
  const vectorizer = TfidfVectorizer.fit(texts, { maxNgram: 2, sublinearTf: true });
  const known = new Set(topics);
  const classifier = TopicClassifier.train(
    vectorizer,
    texts,
    train.map((row) => row.topics.filter((topic) => known.has(topic))),
    { topics },
  );
  report.learned = evaluateTopics(new ArticleTopics(classifier), heldOut);
  report.rules = evaluateTopics(new ArticleTopics(null), heldOut);
  if (report.learned.micro_f1 < report.rules.micro_f1) {
    report.skipped = `learned micro-F1 ${report.learned.micro_f1} is below the keyword rules' ${report.rules.micro_f1}`;
    return { classifier: null, report };
  }
  return { classifier, report };
}

export function evaluateTopics(tagger: ArticleTopics, rows: readonly LabelledTopicRow[]): TopicEvaluation {
  let truePositives = 0;
  let predicted = 0;
  let actual = 0;
  for (const row of rows) {
    const found = tagger.topicsOf(row.text);
    const expected = new Set(row.topics);
    predicted += found.length;
    actual += expected.size;
    truePositives += found.filter((topic) => expected.has(topic)).length;
  }
  const f1 = predicted + actual === 0 ? 0 : (2 * truePositives) / (predicted + actual);
  return { micro_f1: Math.round(f1 * 1e4) / 1e4, n: rows.length };
}
