import { Controller, type MessageEvent, Sse } from '@nestjs/common';
import { ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { interval, map, merge, type Observable, of, takeUntil, last, share } from 'rxjs';
import { SentimentEventsService } from './sentiment-events.service';

const HEARTBEAT_MS = 15_000;

@ApiTags('events')
@ApiSecurity('api-key')
@Controller('events')
export class EventsController {
  constructor(private readonly events: SentimentEventsService) {}

  @Sse('stream')
  @ApiOperation({
    summary: 'Server-sent events: articles.scored, alert.raised, alert.acknowledged, model.promoted',
  })
  stream(): Observable<MessageEvent> {
    const events = this.events.stream().pipe(share());
    // `ready` first, so a client knows it is subscribed; heartbeats keep proxies from closing the stream.
    return merge(
      of<MessageEvent>({ type: 'ready', data: {} }),
      events.pipe(map((event): MessageEvent => ({ type: event.type, data: event }))),
      interval(HEARTBEAT_MS).pipe(
        takeUntil(events.pipe(last(undefined, null))),
        map((): MessageEvent => ({ type: 'heartbeat', data: {} })),
      ),
    );
  }
}
