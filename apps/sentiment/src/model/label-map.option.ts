import { LabelMap, SENTIMENT_ALIASES, SENTIMENT_CLASSES } from '@deepworks/text';

const NUMERIC = /^\d+$/;

/**
 * The sentiment label map, extended by `raw=canonical` pairs ("bearish=negative,0=negative,1=positive").
 * Numeric labels become positions (they must be 0…k−1, as datasets write them); words become aliases.
 * Without pairs: canonical names plus the bullish/bearish spellings.
 */
export function parseLabelMapOption(option: string | undefined): LabelMap {
  const aliases: Record<string, string> = { ...SENTIMENT_ALIASES };
  const numeric = new Map<number, string>();
  for (const pair of (option ?? '').split(',').map((part) => part.trim())) {
    if (pair === '') continue;
    const [raw, canonical, ...rest] = pair.split('=').map((part) => part.trim());
    if (!raw || !canonical || rest.length > 0) {
      throw new Error(`--label-map entry "${pair}" must look like raw=canonical (e.g. bearish=negative)`);
    }
    if (!(SENTIMENT_CLASSES as readonly string[]).includes(canonical)) {
      throw new Error(`--label-map "${pair}": "${canonical}" is not one of ${SENTIMENT_CLASSES.join(', ')}`);
    }
    if (NUMERIC.test(raw)) numeric.set(Number(raw), canonical);
    else aliases[raw.toLowerCase()] = canonical;
  }
  const numericOrder = Array.from({ length: numeric.size }, (_, index) => {
    const canonical = numeric.get(index);
    if (canonical === undefined) {
      throw new Error(`--label-map numeric labels must be 0…${numeric.size - 1}; ${index} is missing`);
    }
    return canonical;
  });
  return new LabelMap({ classes: SENTIMENT_CLASSES, aliases, numericOrder });
}
