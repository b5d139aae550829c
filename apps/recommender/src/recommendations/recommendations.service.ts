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
import type { LaterEvent } from './user-history.cache';

/** A user's events read per request, at most (a history longer than this since training is cut). */
const LATER_EVENTS_LIMIT = 10_000;

/**
 * Serves the active `recommendations` version (API process only): the registry is polled and a new
 * version swapped in whole. A request costs one indexed query (the user's events since training) and
 * in-memory work: one sparse product over the catalogue, one top-k pass.
 */
@Injectable()
export class RecommendationsService implements OnModuleInit, OnModuleDestroy {
  private active?: ActiveModel<ServingState>;
  private catalogueTimer?: NodeJS.Timeout;
  private catalogueCheck?: Promise<void>;

  constructor(
    private readonly registry: ModelRegistry,
    @Inject(PLATFORM_OPTIONS) private readonly platform: PlatformOptions,
    private readonly environment: RecommenderEnvironment,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly logger: JsonLogger,
  ) {}

  async onModuleInit(): Promise<void> {
    if (this.platform.mode !== 'api') return;
    const capacity = this.environment.RECOMMENDER_HISTORY_CACHE_USERS;
    const pollMs = this.environment.RECOMMENDER_MODEL_POLL_MS;
    this.active = this.registry.watch<ServingState>(
      RECOMMENDATIONS_TASK,
      {
        load: async (version, directory) => {
          const { model, metadata } = await readModelArtifact(directory);
          const state = new ServingState(version.version, model, metadata, capacity);
          await this.appendNewItems(state);
          return state;
        },
      },
      { pollMs },
    );
    await this.active.refresh();
    this.catalogueTimer = setInterval(() => void this.checkCatalogue(), pollMs);
    this.catalogueTimer.unref();
  }

  onModuleDestroy(): void {
    if (this.catalogueTimer) clearInterval(this.catalogueTimer);
    this.active?.stop();
  }

  async forUser(userId: string, query: RecommendationQueryDto): Promise<RecommendationsDto> {
    const state = this.serving();
    const { model, histories } = state.view;
    const history = await histories.history(userId, (user, afterId) => this.laterEvents(user, afterId));
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

  private laterEvents(userId: string, afterId: string): Promise<LaterEvent[]> {
    return this.dataSource.query(
      `SELECT id::text AS id, item_id AS "itemId", type, value
         FROM events WHERE user_id = $1 AND id > $2 ORDER BY id LIMIT ${LATER_EVENTS_LIMIT}`,
      [userId, afterId],
    );
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
