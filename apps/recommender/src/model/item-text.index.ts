import { stackSparseRows, TfidfVectorizer } from '@deepworks/text';
import {
  rowOf,
  type SparseRows,
  sparseVectorTimesRows,
  type SparseVector,
  transposeRows,
} from './sparse-rows.matrix';

/** The catalogue fields a text model reads. */
export interface ItemTextFields {
  title: string;
  description: string;
  category: string | null;
  tags: readonly string[];
}

/** Below this many items, "in over half the catalogue" says nothing, so no term is dropped for it. */
const MIN_ITEMS_FOR_DOCUMENT_FREQUENCY_CUT = 20;

/** Title, description, tags and category: everything a shopper reads about the item. */
export function itemDocument(item: ItemTextFields): string {
  return [item.title, item.description, item.tags.join(' '), item.category ?? ''].join('. ');
}

export interface TextMatch {
  scores: Float32Array;
  /** The query's TF-IDF vector (what `bestTerm` explains with). */
  query: SparseVector;
}

/**
 * TF-IDF vectors of every item's text (unigrams, Porter stems, sublinear tf, l2 rows: cosine =
 * dot product), with the term → items inverted index, for keyword search and text neighbours. Terms
 * in over half of a large catalogue ("a", "for") carry no signal and are dropped.
 */
export class ItemTextIndex {
  private readonly byTerm: SparseRows;

  private constructor(
    readonly vectorizer: TfidfVectorizer,
    /** items × terms, l2-normalised rows. */
    readonly vectors: SparseRows,
  ) {
    this.byTerm = transposeRows(vectors);
  }

  static build(documents: readonly string[]): ItemTextIndex {
    const vectorizer = TfidfVectorizer.fit(documents, {
      minNgram: 1,
      maxNgram: 1,
      maxDfRatio: documents.length >= MIN_ITEMS_FOR_DOCUMENT_FREQUENCY_CUT ? 0.5 : 1,
    });
    const stacked = stackSparseRows(vectorizer.transformMany(documents), vectorizer.dimension);
    return new ItemTextIndex(vectorizer, {
      rowCount: stacked.rows,
      columnCount: stacked.columns,
      pointers: stacked.rowStart,
      indices: stacked.indices,
      values: stacked.values,
    });
  }

  static fromParts(vectorizer: unknown, vectors: SparseRows): ItemTextIndex {
    return new ItemTextIndex(TfidfVectorizer.fromJSON(vectorizer), vectors);
  }

  /** The same vocabulary and idf over more items (appended after these, in order). */
  withItems(documents: readonly string[]): ItemTextIndex {
    const added = this.vectorizer.transformMany(documents);
    const { vectors } = this;
    const extra = added.reduce((sum, vector) => sum + vector.indices.length, 0);
    const pointers = new Int32Array(vectors.rowCount + added.length + 1);
    pointers.set(vectors.pointers);
    const indices = new Int32Array(vectors.indices.length + extra);
    const values = new Float32Array(vectors.values.length + extra);
    indices.set(vectors.indices);
    values.set(vectors.values);
    added.forEach((vector, offset) => {
      const row = vectors.rowCount + offset;
      indices.set(vector.indices, pointers[row]);
      values.set(vector.values, pointers[row]);
      pointers[row + 1] = pointers[row] + vector.indices.length;
    });
    return new ItemTextIndex(this.vectorizer, {
      rowCount: vectors.rowCount + added.length,
      columnCount: vectors.columnCount,
      pointers,
      indices,
      values,
    });
  }

  get itemCount(): number {
    return this.vectors.rowCount;
  }

  /** Cosine of every item with a free-text query: one sparse product over the inverted index. */
  search(text: string): TextMatch {
    const query = this.vectorizer.transform(text);
    return { scores: sparseVectorTimesRows(query, this.byTerm), query };
  }

  /** Cosine of every item with one item. */
  similarities(itemIndex: number): Float32Array {
    return sparseVectorTimesRows(rowOf(this.vectors, itemIndex), this.byTerm);
  }

  /** The query term that adds most to an item's match, as the catalogue spells it (stemmed). */
  bestTerm(query: SparseVector, itemIndex: number): string | undefined {
    const item = rowOf(this.vectors, itemIndex);
    let best: number | undefined;
    let bestValue = 0;
    let position = 0;
    for (let entry = 0; entry < query.indices.length; entry++) {
      const term = query.indices[entry];
      while (position < item.indices.length && item.indices[position] < term) position++;
      if (position < item.indices.length && item.indices[position] === term) {
        const value = query.values[entry] * item.values[position];
        if (value > bestValue) {
          bestValue = value;
          best = term;
        }
      }
    }
    return best === undefined ? undefined : this.vectorizer.termOf(best);
  }
}
