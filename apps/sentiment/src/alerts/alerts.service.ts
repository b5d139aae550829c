import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { JobQueue, type Page } from '@deepworks/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { SentimentEventsService } from '../events/sentiment-events.service';
import { AlertsException, AlertsExceptionCode } from './alerts.exception';
import { type AlertDto, type AlertQueryDto, type AlertRow, toAlertDto } from './alert.dto';
import { DELIVER_ALERT_QUEUE, type DeliverAlertJob } from './alert-delivery.job';

export interface AlertDraft {
  topic: string;
  granularity: string;
  bucketStart: Date;
  observedAt: Date;
  articles: number;
  negative: number;
  negativeShare: number;
  baselineShare: number;
  shareZ: number;
  countZ: number;
}

const COLUMNS = `id, kind, topic, granularity, bucket_start, observed_at, articles, negative, negative_share,
  baseline_share, share_z, count_z, created_at, acknowledged_at, acknowledged_by`;

@Injectable()
export class AlertsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: JobQueue,
    private readonly events: SentimentEventsService,
  ) {}

  /**
   * Stores an alert (once per topic and bucket), queues one webhook delivery per matching subscription
   * and announces it, all in the caller's transaction. Returns null when the bucket had alerted already.
   */
  async raise(manager: EntityManager, draft: AlertDraft): Promise<AlertDto | null> {
    const rows: AlertRow[] = await manager.query(
      `INSERT INTO alerts (kind, topic, granularity, bucket_start, observed_at, articles, negative,
                           negative_share, baseline_share, share_z, count_z)
       VALUES ('negative-surge', $1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (kind, topic, granularity, bucket_start) DO NOTHING
       RETURNING ${COLUMNS}`,
      [
        draft.topic,
        draft.granularity,
        draft.bucketStart,
        draft.observedAt,
        draft.articles,
        draft.negative,
        draft.negativeShare,
        draft.baselineShare,
        draft.shareZ,
        draft.countZ,
      ],
    );
    if (!rows[0]) return null;
    const alert = toAlertDto(rows[0]);
    const deliveries: { id: string }[] = await manager.query(
      `INSERT INTO alert_deliveries (alert_id, subscription_id)
       SELECT $1, id FROM alert_subscriptions
        WHERE active AND (cardinality(topics) = 0 OR $2 = ANY(topics))
       RETURNING id`,
      [alert.id, alert.topic],
    );
    for (const delivery of deliveries) {
      const job: DeliverAlertJob = { deliveryId: delivery.id };
      await this.jobs.enqueue(DELIVER_ALERT_QUEUE, job, { manager });
    }
    await this.events.publish(manager, {
      type: 'alert.raised',
      alertId: alert.id,
      topic: alert.topic,
      bucketStart: alert.bucketStart,
      negativeShare: alert.negativeShare,
    });
    return alert;
  }

  async list(query: AlertQueryDto): Promise<Page<AlertDto>> {
    const where = `($1::text = 'all' OR ($1 = 'open') = (acknowledged_at IS NULL))
                   AND ($2::text IS NULL OR topic = $2)`;
    const parameters = [query.status, query.topic ?? null];
    const rows: AlertRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM alerts WHERE ${where} ORDER BY bucket_start DESC, id LIMIT $3 OFFSET $4`,
      [...parameters, query.limit, query.offset],
    );
    const [{ total }]: { total: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS total FROM alerts WHERE ${where}`,
      parameters,
    );
    return { items: rows.map(toAlertDto), total, limit: query.limit, offset: query.offset };
  }

  /** Marks the alert seen; acknowledging twice keeps the first acknowledgement. */
  async acknowledge(id: string, actor: string): Promise<AlertDto> {
    return this.dataSource.transaction(async (manager) => {
      const [updated]: [AlertRow[], number] = await manager.query(
        `UPDATE alerts SET acknowledged_at = now(), acknowledged_by = $2
          WHERE id = $1 AND acknowledged_at IS NULL RETURNING ${COLUMNS}`,
        [id, actor],
      );
      if (updated[0]) {
        await this.events.publish(manager, {
          type: 'alert.acknowledged',
          alertId: id,
          acknowledgedBy: actor,
        });
        return toAlertDto(updated[0]);
      }
      const existing: AlertRow[] = await manager.query(`SELECT ${COLUMNS} FROM alerts WHERE id = $1`, [id]);
      if (!existing[0])
        throw new AlertsException(AlertsExceptionCode.AlertNotFound, `No alert ${id}`, { id });
      return toAlertDto(existing[0]);
    });
  }
}
