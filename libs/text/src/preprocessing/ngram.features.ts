/** Separator between the words of an n-gram feature name ("shares fall"). */
export const NGRAM_SEPARATOR = ' ';

/**
 * Contiguous word n-grams for every n in [minN, maxN], unigrams first:
 * (["a","b","c"], 1, 2) → ["a","b","c","a b","b c"].
 */
export function wordNgrams(tokens: readonly string[], minN = 1, maxN = 2): string[] {
  if (!Number.isInteger(minN) || !Number.isInteger(maxN) || minN < 1 || maxN < minN) {
    throw new Error(`n-gram range must satisfy 1 ≤ minN ≤ maxN (integers); got [${minN}, ${maxN}]`);
  }
  const grams: string[] = [];
  for (let n = minN; n <= maxN; n++) {
    for (let start = 0; start + n <= tokens.length; start++) {
      grams.push(n === 1 ? tokens[start] : tokens.slice(start, start + n).join(NGRAM_SEPARATOR));
    }
  }
  return grams;
}
