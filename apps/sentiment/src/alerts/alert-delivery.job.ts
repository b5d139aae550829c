import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  DEEPWORKS_VERSION,
  type JobHandler,
  JsonLogger,
  PLATFORM_OPTIONS,
  type PlatformOptions,
  type QueuedJob,
  QueueJob,
} from '@deepworks/platform';
import { DataSource } from 'typeorm';
import type { SentimentEnvironment } from '../sentiment.environment';
import { type AlertRow, toAlertDto } from './alert.dto';

export const DELIVER_ALERT_QUEUE = 'deliver-alert';
/** Attempts per delivery, the first included; after the last one the delivery is marked failed. */
export const MAX_DELIVERY_ATTEMPTS = 5;

export interface DeliverAlertJob {
  deliveryId: string;
}

interface DeliveryRow {
  id: string;
  status: string;
  attempts: number;
  url: string;
}

/**
 * POSTs one alert to one subscriber. A non-2xx answer, a timeout or a refused connection fails the
 * attempt; pg-boss retries with exponential back-off (1 s, 2 s, 4 s, …) until MAX_DELIVERY_ATTEMPTS.
 * The body carries a stable `deliveryId`, so a receiver can drop the duplicate a lost 2xx can cause.
 */
@Injectable()
@QueueJob(DELIVER_ALERT_QUEUE, {
  retryLimit: MAX_DELIVERY_ATTEMPTS,
  retryDelaySeconds: 1,
  expireInSeconds: 120,
})
export class AlertDeliveryJobHandler implements JobHandler<DeliverAlertJob> {
  private readonly timeoutMs: number;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(PLATFORM_OPTIONS) options: PlatformOptions,
    private readonly logger: JsonLogger,
  ) {
    this.timeoutMs = (options.environment as SentimentEnvironment).WEBHOOK_TIMEOUT_MS;
  }

  async handle(job: QueuedJob<DeliverAlertJob>) {
    const [delivery]: DeliveryRow[] = await this.dataSource.query(
      `SELECT d.id, d.status, d.attempts, s.url FROM alert_deliveries d
         JOIN alert_subscriptions s ON s.id = d.subscription_id WHERE d.id = $1`,
      [job.data.deliveryId],
    );
    if (!delivery || delivery.status !== 'pending') return { skipped: true };
    const [alert]: AlertRow[] = await this.dataSource.query(
      `SELECT a.* FROM alerts a JOIN alert_deliveries d ON d.alert_id = a.id WHERE d.id = $1`,
      [delivery.id],
    );
    const attempt = delivery.attempts + 1;
    const problem = await this.post(delivery.url, {
      deliveryId: delivery.id,
      event: 'alert.raised',
      alert: toAlertDto(alert),
    });
    if (problem === null) {
      await this.dataSource.query(
        `UPDATE alert_deliveries SET status = 'delivered', attempts = $2, delivered_at = now(), last_error = NULL
          WHERE id = $1`,
        [delivery.id, attempt],
      );
      return { delivered: true, attempts: attempt };
    }
    const final = attempt >= MAX_DELIVERY_ATTEMPTS;
    await this.dataSource.query(
      `UPDATE alert_deliveries SET attempts = $2, last_error = $3, status = $4 WHERE id = $1`,
      [delivery.id, attempt, problem, final ? 'failed' : 'pending'],
    );
    this.logger.event(
      final ? 'error' : 'warn',
      'webhook.failed',
      { deliveryId: delivery.id, attempt, problem },
      'AlertDelivery',
    );
    if (final) return { delivered: false, attempts: attempt, error: problem };
    throw new Error(`webhook attempt ${attempt} failed: ${problem}`);
  }

  /** null when the subscriber answered 2xx, else what went wrong. */
  private async post(url: string, body: object): Promise<string | null> {
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': `deepworks-sentiment/${DEEPWORKS_VERSION}`,
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
        redirect: 'manual',
      });
      await response.body?.cancel();
      return response.ok ? null : `HTTP ${response.status}`;
    } catch (error) {
      return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    }
  }
}
