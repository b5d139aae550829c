import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  type ActiveModel,
  JsonLogger,
  ModelRegistry,
  PLATFORM_OPTIONS,
  type PlatformOptions,
} from '@deepworks/platform';
import { DataSource } from 'typeorm';
import { type RecordedEvent, RecordedEventsFeed } from '../events/recorded-events.feed';
import { itemDocument, type ItemTextFields } from '../model/item-text.index';
import type { NewCatalogueItem } from '../model/new-items.extension';
import { readModelArtifact } from '../model/recommendation-artifact.io';
import type { RecommendationModel } from '../model/recommendation.model';
import { RecommenderEnvironment } from '../recommender.environment';
import { RECOMMENDATIONS_TASK } from '../training/training-request.config';
import type {
  RecommendationQueryDto,
  RecommendationsDto,
  RecommendedItemDto,
} from './dto/recommendations.dto';
import { becauseOf, matchExplanation, popularExplanation } from './recommendation.explanations';
import { RecommendationsException, RecommendationsExceptionCode } from './recommendations.exception';
import { ServingState } from './serving.state';

/** Events read per round trip when catching up with the events table. */
const EVENT_PAGE = 20_000;
/**
 * Event ids come from a sequence, so a transaction that commits late can add an id below one already
 * read. Rows younger than this are read again by the next poll (applying an event twice is harmless),
 * and the mark only moves past rows older than this: no event transaction stays open that long.
 */
const EVENT_SETTLE_SECONDS = 10;

interface EventRow extends RecordedEvent {
  id: string;
  settled: boolean;
}

/**
 * Serves the active `recommendations` version (API process only): the registry is polled and a new
 * version swapped in whole. The events since training are read when a version loads and then polled
 * in the background (the ones this process stores are applied at once), merged into in-memory
 * histories: a request queries nothing, and costs one product over the catalogue and one top-k pass.
 */
@Injectable()
export class RecommendationsService implements OnModuleInit, OnModuleDestroy {
  private active?: ActiveModel<ServingState>;
  private catalogueTimer?: NodeJS.Timeout;
  private catalogueCheck?: Promise<void>;
  private eventsTimer?: NodeJS.Timeout;
  private eventsPoll?: Promise<void>;
  private unsubscribe?: () => void;

  constructor(
    private readonly registry: ModelRegistry,
    @Inject(PLATFORM_OPTIONS) private readonly platform: PlatformOptions,
    private readonly environment: RecommenderEnvironment,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly logger: JsonLogger,
    private readonly recordedEvents: RecordedEventsFeed,
  ) {}

  async onModuleInit(): Promise<void> {
    if (this.platform.mode !== 'api') return;
    const pollMs = this.environment.RECOMMENDER_MODEL_POLL_MS;
    this.active = this.registry.watch<ServingState>(
      RECOMMENDATIONS_TASK,
      {
        load: async (version, directory) => {
          const { model, metadata } = await readModelArtifact(directory);
          const state = new ServingState(version.version, model, metadata);
          await this.appendNewItems(state);
          await this.catchUpEvents(state);
          return state;
        },
      },
      { pollMs },
    );
    this.unsubscribe = this.recordedEvents.subscribe((events) => this.applyRecorded(events));
    await this.active.refresh();
    this.catalogueTimer = setInterval(() => void this.checkCatalogue(), pollMs);
    this.catalogueTimer.unref();
    this.eventsTimer = setInterval(() => void this.pollEvents(), this.environment.RECOMMENDER_EVENTS_POLL_MS);
    this.eventsTimer.unref();
  }

  onModuleDestroy(): void {
    if (this.catalogueTimer) clearInterval(this.catalogueTimer);
    if (this.eventsTimer) clearInterval(this.eventsTimer);
    this.unsubscribe?.();
    this.active?.stop();
  }

  /** Synchronous on purpose: the whole answer comes from memory (see the class comment). */
  forUser(userId: string, query: RecommendationQueryDto): RecommendationsDto {
    const state = this.serving();
    const { model, histories } = state.view;
    const history = histories.history(userId);
    const options = {
      k: query.k,
      category: query.category,
      exclude: query.exclude_seen ? history.indices : undefined,
    };
    if (history.indices.length > 0 && model.kind !== 'popularity') {
      const items = model.recommend(history, options, userId).map(({ itemIndex, score, fallback }) => {
        const contribution = fallback ? undefined : model.strongestContribution(history, itemIndex);
        const explanation = contribution
          ? becauseOf(model, contribution)
          : popularExplanation(query.category);
        return this.item(model, itemIndex, score, explanation);
      });
      return { items, source: 'model', modelVersion: state.version };
    }
    if (query.interest !== undefined) {
      const match = model.text.search(query.interest);
      const ranked = model.rank(match.scores.slice(), options);
      if (ranked.length > 0) {
        const items = Array.from(ranked, (itemIndex) =>
          this.item(
            model,
            itemIndex,
            match.scores[itemIndex],
            matchExplanation(query.interest!, model.text.bestTerm(match.query, itemIndex)),
          ),
        );
        return { items, source: 'text', modelVersion: state.version };
      }
    }
    const popularity = model.popularityScores();
    const items = Array.from(model.rank(popularity.slice(), options), (itemIndex) =>
      this.item(model, itemIndex, popularity[itemIndex], popularExplanation(query.category)),
    );
    return { items, source: 'popularity', modelVersion: state.version };
  }

  /**
   * Items like this one: what the model would recommend to someone whose whole history is this item
   * (its row of W); by text when the model has nothing to say (a popularity model, a new item) or the
   * item arrived after training (then its text is read: one query).
   */
  async similar(itemId: string, k: number): Promise<RecommendationsDto> {
    const state = this.serving();
    const { model } = state.view;
    const index = model.itemIndex(itemId);
    if (index === undefined) {
      const item = await this.catalogueItem(itemId);
      const match = model.text.search(itemDocument(item));
      const ranked = model.rank(match.scores.slice(), { k });
      const items = Array.from(ranked, (other) =>
        this.item(model, other, match.scores[other], `described like "${item.title}"`),
      );
      return { items, source: 'text', modelVersion: state.version };
    }
    const title = model.item(index).title;
    if (model.kind !== 'popularity') {
      const scores = model.itemScores(index);
      const ranked = model.rank(scores.slice(), { k, exclude: [index] });
      if (ranked.length > 0) {
        const items = Array.from(ranked, (other) =>
          this.item(model, other, scores[other], `chosen by shoppers who chose "${title}"`),
        );
        return { items, source: 'model', modelVersion: state.version };
      }
    }
    const cosines = model.text.similarities(index);
    const items = Array.from(model.rank(cosines.slice(), { k, exclude: [index] }), (other) =>
      this.item(model, other, cosines[other], `described like "${title}"`),
    );
    return { items, source: 'text', modelVersion: state.version };
  }

  private serving(): ServingState {
    const served = this.active?.current();
    if (!served) {
      throw new RecommendationsException(
        RecommendationsExceptionCode.NoActiveModel,
        'No recommendations model is active yet: train one with POST /training-runs',
      );
    }
    return served.model;
  }

  /** One cheap query per poll (not per request): have items been created since the active version? */
  private checkCatalogue(): Promise<void> {
    const state = this.active?.current()?.model;
    if (!state) return Promise.resolve();
    this.catalogueCheck ??= this.appendNewItems(state)
      .catch((error: unknown) =>
        this.logger.event(
          'warn',
          'catalogue.append_failed',
          { reason: String(error) },
          'RecommendationsService',
        ),
      )
      .finally(() => {
        this.catalogueCheck = undefined;
      });
    return this.catalogueCheck;
  }

  private async appendNewItems(state: ServingState): Promise<void> {
    const [{ count, newest }] = (await this.dataSource.query(
      `SELECT count(*)::int AS count, coalesce(max(created_at)::text, '') AS newest
         FROM items WHERE created_at > $1`,
      [state.metadata.catalogueAt],
    )) as { count: number; newest: string }[];
    const seen = `${count}|${newest}`;
    if (seen === state.appliedCatalogue) return;
    const items = (await this.dataSource.query(
      `SELECT id, title, description, category, tags FROM items WHERE created_at > $1 ORDER BY created_at, id`,
      [state.metadata.catalogueAt],
    )) as NewCatalogueItem[];
    state.appendItems(items);
    state.appliedCatalogue = seen;
  }

  private item(
    model: RecommendationModel,
    index: number,
    score: number,
    explanation: string,
  ): RecommendedItemDto {
    const { id, title } = model.item(index);
    return { id, title, score, explanation };
  }

  /** Events this process has just stored: applied at once, so a shopper sees their own events count. */
  private applyRecorded(events: readonly RecordedEvent[]): void {
    try {
      this.active?.current()?.model.applyEvents(events);
    } catch (error) {
      // The batch is stored whatever happens here; the poll will apply it.
      this.logger.event('warn', 'events.apply_failed', { reason: String(error) }, 'RecommendationsService');
    }
  }

  /** One poll at a time, in the background: new events of the active version since its mark. */
  private pollEvents(): Promise<void> {
    const state = this.active?.current()?.model;
    if (!state) return Promise.resolve();
    this.eventsPoll ??= this.catchUpEvents(state)
      .catch((error: unknown) =>
        this.logger.event('warn', 'events.poll_failed', { reason: String(error) }, 'RecommendationsService'),
      )
      .finally(() => {
        this.eventsPoll = undefined;
      });
    return this.eventsPoll;
  }

  /**
   * Reads every event above the state's mark (paged by id) and merges it into the histories; the mark
   * then moves to the newest settled row read (see EVENT_SETTLE_SECONDS). On load this reads all the
   * events since training, once per version.
   */
  private async catchUpEvents(state: ServingState): Promise<void> {
    let after = state.eventMark;
    let mark = BigInt(state.eventMark);
    let settledSoFar = true;
    for (;;) {
      const rows = (await this.dataSource.query(
        `SELECT id::text AS id, user_id AS "userId", item_id AS "itemId", type, value,
                created_at < now() - make_interval(secs => $3) AS settled
           FROM events WHERE id > $1 ORDER BY id LIMIT $2`,
        [after, EVENT_PAGE, EVENT_SETTLE_SECONDS],
      )) as EventRow[];
      state.applyEvents(rows);
      for (const row of rows) {
        // The mark covers a prefix: it stops at the first row that has not settled yet.
        settledSoFar &&= row.settled;
        if (settledSoFar) mark = BigInt(row.id);
      }
      if (rows.length < EVENT_PAGE) break;
      after = rows[rows.length - 1].id;
    }
    if (mark > BigInt(state.eventMark)) state.eventMark = mark.toString();
  }

  private async catalogueItem(itemId: string): Promise<ItemTextFields> {
    const rows: ItemTextFields[] = await this.dataSource.query(
      'SELECT title, description, category, tags FROM items WHERE id = $1',
      [itemId],
    );
    if (!rows[0]) {
      throw new RecommendationsException(RecommendationsExceptionCode.ItemNotFound, `No item "${itemId}"`, {
        id: itemId,
      });
    }
    return rows[0];
  }
}
