import { Body, Controller, Headers, HttpCode, Post, Req, Res } from '@nestjs/common';
import {
  ApiBody,
  ApiExtraModels,
  ApiHeader,
  ApiOperation,
  ApiSecurity,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { type AuthenticatedRequest, RequireRole } from '@deepworks/platform';
import type { FastifyReply } from 'fastify';
import { SingleOrBatchPipe } from '../http/single-or-batch.pipe';
import { EventBatchDto, type EventBatchResultDto, EventInputDto } from './dto/event-input.dto';
import { EventsService } from './events.service';

/** Typed as an interface so that the global pipe leaves the body to SingleOrBatchPipe. */
interface EventBatch {
  events: EventInputDto[];
}

@ApiTags('events')
@ApiSecurity('api-key')
@Controller('events')
export class EventsController {
  constructor(private readonly events: EventsService) {}

  @Post()
  @HttpCode(201)
  @RequireRole('writer')
  @ApiOperation({ summary: 'Record one event or a batch of up to 1,000 (all or nothing)' })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'A retried batch with the same key is stored once and answered as the first time',
  })
  @ApiExtraModels(EventInputDto, EventBatchDto)
  @ApiBody({
    schema: { oneOf: [{ $ref: getSchemaPath(EventInputDto) }, { $ref: getSchemaPath(EventBatchDto) }] },
  })
  async record(
    @Body(new SingleOrBatchPipe(EventInputDto, EventBatchDto, 'events')) body: EventBatch,
    @Headers('idempotency-key') key: string | undefined,
    @Req() request: AuthenticatedRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<EventBatchResultDto> {
    const recorded = await this.events.record(body.events, request.principal?.label ?? 'anonymous', key);
    if (recorded.replayed) void reply.header('idempotent-replayed', 'true');
    return recorded.result;
  }
}
