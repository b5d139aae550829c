import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { AlertDto } from '../src/alerts/alert.dto';
import type { IngestResultDto } from '../src/articles/dto/ingest-articles.dto';
import { promoteGeneratedModel } from './support/generated-model';
import { type PlantedSurge, replayStream } from './support/replay.stream';
import {
  call,
  eventually,
  jobOutput,
  type SentimentTestService,
  startSentimentService,
} from './support/sentiment-test.service';
import { SseClient } from './support/sse.client';

const HOUR = 3_600_000;
const START = new Date('2026-04-01T00:00:00Z');
/** The detector works on hourly buckets: a surge must be alerted within one bucket of its start. */
const MAX_DETECTION_DELAY_MS = HOUR;
const SURGES: PlantedSurge[] = [
  { topic: 'regulation', start: new Date(START.getTime() + 12 * HOUR + 35 * 60_000), count: 30, minutes: 15 },
  { topic: 'earnings', start: new Date(START.getTime() + 21 * HOUR + 10 * 60_000), count: 30, minutes: 15 },
  // Straddles two hourly buckets.
  { topic: 'macro', start: new Date(START.getTime() + 29 * HOUR + 50 * 60_000), count: 30, minutes: 20 },
];

interface Delivery {
  deliveryId: string;
  alert: AlertDto;
}

describe('surge detection on a replayed stream, alerts, webhooks and server-sent events', () => {
  let service: SentimentTestService;
  let base: string;
  let hook: Server;
  let hookUrl: string;
  const received: Delivery[] = [];
  let hookRequests = 0;
  const sse = new SseClient();

  beforeAll(async () => {
    service = await startSentimentService(inject('databaseUrl'), 'surge');
    base = service.api.baseUrl;
    // The subscriber fails its first request: the worker must retry.
    hook = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        hookRequests++;
        if (hookRequests === 1) {
          response.writeHead(503).end();
          return;
        }
        received.push(JSON.parse(body) as Delivery);
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
    const address = hook.address();
    hookUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/hook`;

    await promoteGeneratedModel(service, 99);
  });

  afterAll(async () => {
    await sse.close();
    await service?.close();
    await new Promise((resolve) => hook?.close(resolve));
  });

  it('alerts every planted surge within the delay, with few false alarms, and tells subscribers', async () => {
    const subscription = await call<{ id: string }>(base, 'POST', '/subscriptions', 'admin', {
      url: hookUrl,
    });
    expect(subscription.status).toBe(201);
    expect((await call(base, 'POST', '/subscriptions', 'writer', { url: hookUrl })).status).toBe(403);
    expect((await call(base, 'POST', '/subscriptions', 'admin', { url: 'ftp://x' })).status).toBe(400);
    await sse.connect(base);

    // 36 hours at about 60 headlines an hour, sent as a feed would in hourly batches that end at :20 past
    // (so buckets are also judged incomplete), without waiting for the scoring.
    const stream = replayStream({ seed: 21, start: START, hours: 36, perHour: 60, surges: SURGES });
    const batches = new Map<number, typeof stream>();
    for (const article of stream) {
      const slot = Math.floor((Date.parse(article.publishedAt) - 20 * 60_000) / HOUR);
      batches.set(slot, [...(batches.get(slot) ?? []), article]);
    }
    const jobIds: string[] = [];
    for (const batch of batches.values()) {
      const response = await call<IngestResultDto>(base, 'POST', '/articles', 'writer', { articles: batch });
      expect(response.status).toBe(202);
      jobIds.push(response.body.scoringJobId!);
    }
    for (const jobId of jobIds) await jobOutput(base, jobId, 120_000);

    const alerts = (await call<{ items: AlertDto[] }>(base, 'GET', '/alerts?limit=100', 'reader')).body.items;
    const matches = (surge: PlantedSurge, alert: AlertDto) =>
      alert.topic === surge.topic &&
      Date.parse(alert.bucketStart) >= surge.start.getTime() - HOUR &&
      Date.parse(alert.bucketStart) <= surge.start.getTime() + MAX_DETECTION_DELAY_MS;
    const detections = SURGES.map((surge) => {
      const alert = alerts.find((candidate) => matches(surge, candidate));
      return {
        topic: surge.topic,
        start: surge.start.toISOString(),
        delayMinutes: alert ? (Date.parse(alert.observedAt) - surge.start.getTime()) / 60_000 : null,
        shareZ: alert ? Number(alert.shareZ.toFixed(2)) : null,
        countZ: alert ? Number(alert.countZ.toFixed(2)) : null,
      };
    });
    const falseAlarms = alerts.filter((alert) => !SURGES.some((surge) => matches(surge, alert)));
    console.log(
      `[sentiment surge replay] articles ${stream.length}, batches ${batches.size}, planted ${SURGES.length}, ` +
        `detected ${detections.filter((entry) => entry.delayMinutes !== null).length}, ` +
        `false alarms ${falseAlarms.length} ${JSON.stringify(falseAlarms.map((a) => [a.topic, a.bucketStart, a.articles, a.negative]))}\n` +
        detections
          .map(
            (entry) =>
              `  ${entry.topic} @ ${entry.start}: delay ${entry.delayMinutes?.toFixed(1)} min, ` +
              `z(share) ${entry.shareZ}, z(count) ${entry.countZ}`,
          )
          .join('\n'),
    );
    for (const detection of detections) {
      expect(detection.delayMinutes).not.toBeNull();
      expect(detection.delayMinutes!).toBeLessThanOrEqual(MAX_DETECTION_DELAY_MS / 60_000);
    }
    expect(falseAlarms.length).toBeLessThanOrEqual(1);

    // Every alert reached the webhook, the first after a retry; and the SSE stream announced each one.
    await eventually(async () => (received.length >= alerts.length ? true : undefined), 30_000);
    expect(new Set(received.map((delivery) => delivery.alert.id))).toEqual(new Set(alerts.map((a) => a.id)));
    expect(hookRequests).toBe(received.length + 1);
    for (const alert of alerts) {
      await sse.waitFor(
        (event) =>
          event.type === 'alert.raised' &&
          (event.data as AlertDto & { alertId: string }).alertId === alert.id,
      );
    }
    expect(sse.events.some((event) => event.type === 'articles.scored')).toBe(true);
  }, 150_000);

  it('acknowledges an alert once, for writers, and announces it', async () => {
    const [alert] = (await call<{ items: AlertDto[] }>(base, 'GET', '/alerts?status=open', 'reader')).body
      .items;
    expect((await call(base, 'POST', `/alerts/${alert.id}/acknowledge`, 'reader')).status).toBe(403);
    const acknowledged = await call<AlertDto>(base, 'POST', `/alerts/${alert.id}/acknowledge`, 'writer');
    expect(acknowledged.status).toBe(200);
    expect(acknowledged.body).toMatchObject({ id: alert.id, acknowledgedBy: 'test-writer' });
    const again = await call<AlertDto>(base, 'POST', `/alerts/${alert.id}/acknowledge`, 'admin');
    expect(again.body.acknowledgedBy).toBe('test-writer');
    const open = (await call<{ items: AlertDto[] }>(base, 'GET', '/alerts?status=open', 'reader')).body.items;
    expect(open.map((entry) => entry.id)).not.toContain(alert.id);
    await sse.waitFor((event) => event.type === 'alert.acknowledged');
    const unknown = await call(
      base,
      'POST',
      '/alerts/5a0f4e1e-8f5e-4c8e-9a53-7b6f0f1d2c3b/acknowledge',
      'writer',
    );
    expect(unknown).toMatchObject({ status: 404, body: { error: { code: 'ALERT_NOT_FOUND' } } });
  });
});
