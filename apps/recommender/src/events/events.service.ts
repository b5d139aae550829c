import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { EventBatchResultDto, EventInputDto } from './dto/event-input.dto';
import { EventsException, EventsExceptionCode } from './events.exception';
import { RecordedEventsFeed } from './recorded-events.feed';

/** Printable ASCII, as Stripe and the IETF draft use: a UUID, a hash, a client's own counter. */
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;
/** Unknown items named in the error message; `details.items` lists them all. */
const NAMED_IN_MESSAGE = 10;

export interface RecordedBatch {
  result: EventBatchResultDto;
  /** True when an earlier batch with the same key already stored these events. */
  replayed: boolean;
}

@Injectable()
export class EventsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly feed: RecordedEventsFeed,
  ) {}

  /**
   * Stores a batch in one transaction: every event, or (an unknown item, a crash) none. With an
   * idempotency key the key is claimed in the same transaction and the batch's answer kept with it:
   * a retry (even one racing the first attempt: the key's row lock makes it wait) gets that answer
   * back and stores nothing. Failed batches keep no key, so they can be retried once fixed. A stored
   * batch is announced on the in-process feed after the commit (serving applies it at once).
   */
  async record(events: readonly EventInputDto[], principal: string, key?: string): Promise<RecordedBatch> {
    if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
      throw new EventsException(
        EventsExceptionCode.InvalidIdempotencyKey,
        'Idempotency-Key must be 1 to 200 printable ASCII characters',
      );
    }
    const fingerprint = batchFingerprint(events);
    const recorded = await this.dataSource.transaction(async (manager): Promise<RecordedBatch> => {
      if (key !== undefined) {
        const earlier = await claimKey(manager, principal, key, fingerprint);
        if (earlier) return { result: earlier, replayed: true };
      }
      await assertItemsExist(manager, events);
      const result = await insertEvents(manager, events);
      if (key !== undefined) {
        await manager.query(
          'UPDATE event_batches SET response = $3 WHERE principal = $1 AND idempotency_key = $2',
          [principal, key, result],
        );
      }
      return { result, replayed: false };
    });
    if (!recorded.replayed) {
      this.feed.publish(
        events.map((event) => ({
          userId: event.user,
          itemId: event.item,
          type: event.type,
          value: event.value ?? null,
        })),
      );
    }
    return recorded;
  }
}

/** The key's earlier answer, or undefined when this call now owns the key. */
async function claimKey(
  manager: EntityManager,
  principal: string,
  key: string,
  fingerprint: string,
): Promise<EventBatchResultDto | undefined> {
  const claimed: unknown[] = await manager.query(
    `INSERT INTO event_batches (principal, idempotency_key, request_sha256, response)
     VALUES ($1, $2, $3, '{}') ON CONFLICT DO NOTHING RETURNING 1`,
    [principal, key, fingerprint],
  );
  if (claimed.length > 0) return undefined;
  const rows: { request_sha256: string; response: EventBatchResultDto }[] = await manager.query(
    'SELECT request_sha256, response FROM event_batches WHERE principal = $1 AND idempotency_key = $2',
    [principal, key],
  );
  if (rows[0].request_sha256 !== fingerprint) {
    throw new EventsException(
      EventsExceptionCode.IdempotencyKeyReused,
      'This Idempotency-Key was already used for a different batch',
      { idempotencyKey: key },
    );
  }
  return rows[0].response;
}

async function assertItemsExist(manager: EntityManager, events: readonly EventInputDto[]): Promise<void> {
  const named = [...new Set(events.map((event) => event.item))];
  const rows: { id: string }[] = await manager.query('SELECT id FROM items WHERE id = ANY($1::text[])', [
    named,
  ]);
  const known = new Set(rows.map((row) => row.id));
  const unknown = named.filter((id) => !known.has(id));
  if (unknown.length === 0) return;
  const listed = unknown.slice(0, NAMED_IN_MESSAGE).join(', ');
  const more = unknown.length > NAMED_IN_MESSAGE ? ` and ${unknown.length - NAMED_IN_MESSAGE} more` : '';
  throw new EventsException(
    EventsExceptionCode.UnknownItems,
    `Unknown item(s): ${listed}${more}; nothing from this batch was stored`,
    { items: unknown },
  );
}

/** One statement for the whole batch: five arrays unnested into rows. */
async function insertEvents(
  manager: EntityManager,
  events: readonly EventInputDto[],
): Promise<EventBatchResultDto> {
  const now = new Date().toISOString();
  const rows: { id: string }[] = await manager.query(
    `INSERT INTO events (user_id, item_id, type, value, occurred_at)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::real[], $5::timestamptz[])
     RETURNING id`,
    [
      events.map((event) => event.user),
      events.map((event) => event.item),
      events.map((event) => event.type),
      events.map((event) => event.value ?? null),
      events.map((event) => event.timestamp ?? now),
    ],
  );
  const ids = rows.map((row) => BigInt(row.id));
  const first = ids.reduce((low, id) => (id < low ? id : low));
  const last = ids.reduce((high, id) => (id > high ? id : high));
  return { stored: rows.length, eventIds: { first: first.toString(), last: last.toString() } };
}

/** sha256 of the batch as validated: a retry must send the same events in the same order. */
function batchFingerprint(events: readonly EventInputDto[]): string {
  const canonical = events.map((event) => [
    event.user,
    event.item,
    event.type,
    event.value ?? null,
    event.timestamp ?? null,
  ]);
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}
