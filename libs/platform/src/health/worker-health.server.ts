import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  ServiceUnavailableException,
} from '@nestjs/common';
import { HealthCheckService, type HealthIndicatorResult, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { EngineBackendService } from '../engine/engine-backend.service';
import { JobQueue } from '../jobs/job-queue.service';
import { JsonLogger } from '../logging/json-logger';
import { PLATFORM_OPTIONS, type PlatformOptions } from '../platform.options';
import { serviceHealthIndicators } from './health.controller';

/**
 * A worker serves no HTTP API, so a supervisor could only tell that its process exists. With
 * WORKER_HEALTH_PORT set it answers, on that port: `GET /health` (readiness: the API's checks — the
 * database, the engine's backend — plus the queues it consumes; 503 when the database does not
 * answer) and `GET /health/live` (liveness). Public, like the API's health routes: nothing else is
 * served there.
 */
@Injectable()
export class WorkerHealthServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private server?: Server;

  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    @Inject(PLATFORM_OPTIONS) private readonly options: PlatformOptions,
    private readonly engine: EngineBackendService,
    private readonly queue: JobQueue,
    private readonly logger: JsonLogger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const port = this.options.environment.WORKER_HEALTH_PORT;
    if (this.options.mode !== 'worker' || port === 0) return;
    const server = createServer((request, response) => void this.answer(request, response));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, this.options.environment.HOST, resolve);
    });
    this.server = server;
    const url = `http://${this.options.environment.HOST}:${port}/health`;
    this.logger.event('info', 'worker.health_listening', { url }, 'WorkerHealthServer');
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (!server) return;
    await new Promise((resolve) => server.close(resolve));
  }

  private async answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = (request.url ?? '').split('?')[0];
    if (request.method !== 'GET' || (path !== '/health' && path !== '/health/live')) {
      send(response, 404, {
        error: { code: 'NOT_FOUND', message: 'A worker serves only GET /health and GET /health/live' },
      });
      return;
    }
    if (path === '/health/live') {
      send(response, 200, { status: 'ok' });
      return;
    }
    try {
      const queues = this.queue.registeredHandlers().map((handler) => handler.definition.queue);
      send(
        response,
        200,
        await this.health.check([
          ...serviceHealthIndicators(this.database, this.options, this.engine),
          (): HealthIndicatorResult => ({ worker: { status: 'up', queues } }),
        ]),
      );
    } catch (error) {
      if (error instanceof ServiceUnavailableException) send(response, 503, error.getResponse());
      else send(response, 500, { error: { code: 'INTERNAL', message: 'The health check failed' } });
    }
  }
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
  });
  response.end(JSON.stringify(body));
}
