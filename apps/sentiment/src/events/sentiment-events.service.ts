import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { JsonLogger, PLATFORM_OPTIONS, type PlatformOptions } from '@deepworks/platform';
import { Client } from 'pg';
import { type Observable, Subject } from 'rxjs';
import type { EntityManager } from 'typeorm';
import { SENTIMENT_EVENT_TYPES, type SentimentEvent } from './sentiment.events';

const CHANNEL = 'sentiment_events';
// PostgreSQL refuses NOTIFY payloads of 8000 bytes or more.
const MAX_PAYLOAD_BYTES = 7900;
const RECONNECT_MS = 1000;

/**
 * Events travel from the worker to every API process by PostgreSQL NOTIFY, sent inside the transaction
 * that made them true: a listener hears of an alert only once the alert is committed, and never of one
 * that was rolled back. Each API process LISTENs on one dedicated connection.
 */
@Injectable()
export class SentimentEventsService implements OnModuleInit, OnModuleDestroy {
  private readonly events = new Subject<SentimentEvent>();
  private client: Client | null = null;
  private closed = false;

  constructor(
    @Inject(PLATFORM_OPTIONS) private readonly options: PlatformOptions,
    private readonly logger: JsonLogger,
  ) {}

  async onModuleInit(): Promise<void> {
    if (this.options.mode === 'api') await this.listen();
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    this.events.complete();
    await this.client?.end().catch(() => undefined);
  }

  /** Sends `event` when `manager`'s transaction commits. */
  async publish(manager: EntityManager, event: SentimentEvent): Promise<void> {
    const payload = JSON.stringify(event);
    if (Buffer.byteLength(payload) > MAX_PAYLOAD_BYTES) throw new Error(`event ${event.type} is too large`);
    await manager.query('SELECT pg_notify($1, $2)', [CHANNEL, payload]);
  }

  stream(): Observable<SentimentEvent> {
    return this.events.asObservable();
  }

  private async listen(): Promise<void> {
    const client = new Client({ connectionString: this.options.databaseUrl });
    client.on('notification', (message) => {
      const event = parseEvent(message.payload);
      if (event) this.events.next(event);
    });
    client.on('error', (error: Error) => {
      this.logger.event('warn', 'events.listener_lost', { error: error.message }, 'SentimentEvents');
      this.client = null;
      void client.end().catch(() => undefined);
      this.reconnectLater();
    });
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
    this.client = client;
  }

  /** Until it is back: a database restart may take longer than one attempt's wait. */
  private reconnectLater(): void {
    if (this.closed) return;
    setTimeout(() => {
      this.listen().then(
        () => this.logger.event('info', 'events.listener_restored', {}, 'SentimentEvents'),
        () => this.reconnectLater(),
      );
    }, RECONNECT_MS).unref();
  }
}

function parseEvent(payload: string | undefined): SentimentEvent | null {
  if (!payload) return null;
  try {
    const value = JSON.parse(payload) as { type?: unknown };
    return SENTIMENT_EVENT_TYPES.includes(value.type as SentimentEvent['type'])
      ? (value as SentimentEvent)
      : null;
  } catch {
    return null;
  }
}
