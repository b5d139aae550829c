import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FeedStatusDto } from './dto/feed-status.dto';
import { FeedStatusStore } from './feed-status.store';

@ApiTags('feeds')
@ApiSecurity('api-key')
@Controller('feeds')
export class FeedsController {
  constructor(private readonly status: FeedStatusStore) {}

  @Get()
  @ApiOperation({ summary: "Every feed the worker polls: the last poll's outcome and counts" })
  list(): Promise<FeedStatusDto[]> {
    return this.status.list();
  }
}
