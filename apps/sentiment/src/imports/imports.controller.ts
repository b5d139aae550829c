import { Body, Controller, Headers, HttpCode, Post, Query } from '@nestjs/common';
import { ApiConsumes, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { RequireRole } from '@deepworks/platform';
import { ImportQueryDto } from './import.dto';
import { IMPORT_CONTENT_TYPES, ImportsService } from './imports.service';

@ApiTags('articles')
@ApiSecurity('api-key')
@Controller('imports')
export class ImportsController {
  constructor(private readonly imports: ImportsService) {}

  @Post()
  @HttpCode(202)
  @RequireRole('writer')
  @ApiConsumes(...Object.keys(IMPORT_CONTENT_TYPES))
  @ApiOperation({
    summary:
      'Import a CSV or JSONL file of articles as a worker job (GET /jobs/:id for progress and bad rows)',
  })
  start(
    @Body() body: Buffer,
    @Headers('content-type') contentType: string | undefined,
    @Query() query: ImportQueryDto,
  ): Promise<{ jobId: string; bytes: number; format: string }> {
    return this.imports.start(Buffer.isBuffer(body) ? body : Buffer.alloc(0), contentType, query);
  }
}
