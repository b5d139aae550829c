import { PorterStemmer, SentimentAnalyzer } from 'natural';

/**
 * The only file in the repository that imports `natural`: everything else goes through these functions,
 * so a `natural` upgrade (or a swap to another library) touches one file.
 */

/** Porter (1980) suffix stripping, as implemented by natural's `PorterStemmer`. */
export function porterStem(word: string): string {
  return PorterStemmer.stem(word);
}

export type AfinnLexicon = 'afinn' | 'afinn-financial-market-news';
export const AFINN_LEXICONS: readonly AfinnLexicon[] = ['afinn', 'afinn-financial-market-news'];

/** Scores a list of word tokens: sum of AFINN valences (−5…+5) divided by the number of tokens. */
export interface AfinnScorer {
  readonly lexicon: AfinnLexicon;
  score(words: readonly string[]): number;
}

interface NaturalSentimentAnalyzer {
  getSentiment(words: string[]): number;
}

// natural's .d.ts lists only 'afinn' | 'senticon' | 'pattern', but its JavaScript also accepts
// 'afinnFinancialMarketNews' (SentimentAnalyzer.js, `languageFiles`); this signature describes the JS.
type SentimentAnalyzerConstructor = new (
  language: 'English',
  stemmer: typeof PorterStemmer,
  type: 'afinn' | 'afinnFinancialMarketNews',
) => NaturalSentimentAnalyzer;

/**
 * A word whose valence is non-zero in both lexicons ("plunge": −2 in afinn-165-financialmarketnews, "bad":
 * −3 in AFINN-165); a zero score for it means natural loaded an empty vocabulary.
 */
const PROBE_WORDS: Record<AfinnLexicon, string> = {
  afinn: 'bad',
  'afinn-financial-market-news': 'plunge',
};

/**
 * Builds natural's `SentimentAnalyzer` (English, Porter stemmer) for the chosen AFINN lexicon.
 *
 * natural 6.10.5 reads `require('afinn-165-financialmarketnews').afinnFinancialMarketNews`, but version 3 of
 * that package exports `afinn165FinancialMarketNews`: the financial lexicon silently loads EMPTY and every
 * score is 0. We probe the analyzer once and throw instead of returning a scorer that always says 0.
 */
export function createAfinnScorer(lexicon: AfinnLexicon): AfinnScorer {
  if (!AFINN_LEXICONS.includes(lexicon)) {
    throw new Error(`Unknown AFINN lexicon "${String(lexicon)}"; allowed: ${AFINN_LEXICONS.join(', ')}`);
  }
  const Analyzer = SentimentAnalyzer as unknown as SentimentAnalyzerConstructor;
  const analyzer = new Analyzer(
    'English',
    PorterStemmer,
    lexicon === 'afinn' ? 'afinn' : 'afinnFinancialMarketNews',
  );
  if (analyzer.getSentiment([PROBE_WORDS[lexicon]]) === 0) {
    throw new Error(
      `natural's "${lexicon}" lexicon loaded empty (known natural 6.10.5 bug with ` +
        `afinn-165-financialmarketnews 3.x export names); use the "afinn" lexicon`,
    );
  }
  return {
    lexicon,
    score: (words) => (words.length === 0 ? 0 : analyzer.getSentiment([...words])),
  };
}
