import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AlertsException, AlertsExceptionCode } from './alerts.exception';
import {
  type CreateSubscriptionDto,
  type SubscriptionDto,
  type SubscriptionRow,
  toSubscriptionDto,
} from './subscription.dto';

const COLUMNS = 'id, url, topics, created_by, created_at, active';

/** Webhook URLs that receive every new alert (of their topics) from the worker. */
@Injectable()
export class SubscriptionsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async create(request: CreateSubscriptionDto, actor: string): Promise<SubscriptionDto> {
    const rows: SubscriptionRow[] = await this.dataSource.query(
      `INSERT INTO alert_subscriptions (url, topics, created_by) VALUES ($1, $2, $3) RETURNING ${COLUMNS}`,
      [request.url, [...new Set(request.topics ?? [])], actor],
    );
    return toSubscriptionDto(rows[0]);
  }

  async list(): Promise<SubscriptionDto[]> {
    const rows: SubscriptionRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM alert_subscriptions WHERE active ORDER BY created_at, id`,
    );
    return rows.map(toSubscriptionDto);
  }

  /** Stops deliveries; the row stays so past deliveries keep their subscription. */
  async deactivate(id: string): Promise<void> {
    const [, affected]: [unknown[], number] = await this.dataSource.query(
      'UPDATE alert_subscriptions SET active = false WHERE id = $1 AND active',
      [id],
    );
    if (affected === 0) {
      throw new AlertsException(AlertsExceptionCode.SubscriptionNotFound, `No active subscription ${id}`, {
        id,
      });
    }
  }
}
