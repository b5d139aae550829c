/** One user–item event. `rating` and `timestamp` (seconds since the epoch) only when the source has them. */
export interface Interaction {
  user: string;
  item: string;
  rating?: number;
  timestamp?: number;
}

/** A catalogue entry: `text` is what a content model reads (title plus description or genres). */
export interface CatalogueItem {
  id: string;
  title: string;
  text: string;
  /** Genres for MovieLens, tags or categories for a shop. */
  tags: string[];
}
