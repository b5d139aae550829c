import type { Interaction } from '../interactions/interaction';

export interface InteractionMatrixOptions {
  /**
   * `binary` (default): 1 for every observed pair, the implicit-feedback matrix every model here
   * fits. `rating`: the pair's rating (the latest one when a pair repeats; 1 when it has none).
   */
  values?: 'binary' | 'rating';
  /** Fix the user universe (and its order); interactions of other users are dropped. */
  userIds?: readonly string[];
  /** Fix the item universe (and its order); interactions with other items are dropped. */
  itemIds?: readonly string[];
}

/**
 * Users × items in compressed sparse rows (CSR), shared by every model: `rowPointers[u] ..
 * rowPointers[u + 1]` index the columns (item indices, ascending) and values of user u's row.
 * Ids are mapped to indices in sorted order (code-unit order, as Python's `sorted`), so the same
 * interactions always give the same matrix whatever their order in the file.
 */
export class InteractionMatrix {
  private readonly userPositions: ReadonlyMap<string, number>;
  private readonly itemPositions: ReadonlyMap<string, number>;

  private constructor(
    readonly userIds: readonly string[],
    readonly itemIds: readonly string[],
    readonly rowPointers: Int32Array,
    readonly columnIndices: Int32Array,
    readonly values: Float32Array,
  ) {
    this.userPositions = new Map(userIds.map((id, index) => [id, index]));
    this.itemPositions = new Map(itemIds.map((id, index) => [id, index]));
  }

  static fromInteractions(
    interactions: readonly Interaction[],
    options: InteractionMatrixOptions = {},
  ): InteractionMatrix {
    const userIds = options.userIds ?? sortedDistinct(interactions.map((interaction) => interaction.user));
    const itemIds = options.itemIds ?? sortedDistinct(interactions.map((interaction) => interaction.item));
    const userPositions = new Map(userIds.map((id, index) => [id, index]));
    const itemPositions = new Map(itemIds.map((id, index) => [id, index]));
    if (userPositions.size !== userIds.length) throw new Error('userIds holds a repeated id');
    if (itemPositions.size !== itemIds.length) throw new Error('itemIds holds a repeated id');
    const rows: Map<number, number>[] = userIds.map(() => new Map());
    for (const interaction of interactions) {
      const user = userPositions.get(interaction.user);
      const item = itemPositions.get(interaction.item);
      if (user === undefined || item === undefined) continue;
      rows[user].set(item, options.values === 'rating' ? (interaction.rating ?? 1) : 1);
    }
    const rowPointers = new Int32Array(userIds.length + 1);
    rows.forEach((row, user) => (rowPointers[user + 1] = rowPointers[user] + row.size));
    const columnIndices = new Int32Array(rowPointers[userIds.length]);
    const values = new Float32Array(columnIndices.length);
    rows.forEach((row, user) => {
      const columns = [...row.keys()].sort((a, b) => a - b);
      const start = rowPointers[user];
      columns.forEach((column, offset) => {
        columnIndices[start + offset] = column;
        values[start + offset] = row.get(column)!;
      });
    });
    return new InteractionMatrix([...userIds], [...itemIds], rowPointers, columnIndices, values);
  }

  get userCount(): number {
    return this.userIds.length;
  }

  get itemCount(): number {
    return this.itemIds.length;
  }

  get nonZeroCount(): number {
    return this.values.length;
  }

  userIndex(userId: string): number | undefined {
    return this.userPositions.get(userId);
  }

  itemIndex(itemId: string): number | undefined {
    return this.itemPositions.get(itemId);
  }

  /** Item indices of one user's row (a view, ascending). */
  userItems(userIndex: number): Int32Array {
    return this.columnIndices.subarray(this.rowPointers[userIndex], this.rowPointers[userIndex + 1]);
  }

  /** Values of one user's row, aligned with `userItems`. */
  userValues(userIndex: number): Float32Array {
    return this.values.subarray(this.rowPointers[userIndex], this.rowPointers[userIndex + 1]);
  }

  /** Number of users per item (column counts). */
  itemPopularity(): Float64Array {
    const counts = new Float64Array(this.itemCount);
    for (const column of this.columnIndices) counts[column]++;
    return counts;
  }

  /** The same entries column by column (CSC): item → users, for alternating solvers. */
  transpose(): InteractionMatrix {
    const rowPointers = new Int32Array(this.itemCount + 1);
    for (const column of this.columnIndices) rowPointers[column + 1]++;
    for (let item = 0; item < this.itemCount; item++) rowPointers[item + 1] += rowPointers[item];
    const next = rowPointers.slice(0, this.itemCount);
    const columnIndices = new Int32Array(this.nonZeroCount);
    const values = new Float32Array(this.nonZeroCount);
    for (let user = 0; user < this.userCount; user++) {
      for (let entry = this.rowPointers[user]; entry < this.rowPointers[user + 1]; entry++) {
        const slot = next[this.columnIndices[entry]]++;
        columnIndices[slot] = user;
        values[slot] = this.values[entry];
      }
    }
    return new InteractionMatrix(this.itemIds, this.userIds, rowPointers, columnIndices, values);
  }
}

function sortedDistinct(ids: readonly string[]): string[] {
  return [...new Set(ids)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
