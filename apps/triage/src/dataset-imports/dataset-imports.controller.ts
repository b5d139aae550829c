import { Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiConsumes, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { DatasetSplit } from '@deepworks/imaging';
import { RequireRole } from '@deepworks/platform';
import type { FastifyRequest } from 'fastify';
import { readMultipartUpload } from '../studies/study-upload.reader';
import { DatasetImportsService } from './dataset-imports.service';

const RULES = {
  splits: { pattern: /^(train|val|test)(,(train|val|test))*$/, expected: 'comma-separated train, val, test' },
  classNames: {
    pattern: /^[A-Za-z0-9 _-]{1,64}(,[A-Za-z0-9 _-]{1,64}){1,99}$/,
    expected: 'comma-separated class names (letters, digits, space, _ or -), one per label index',
  },
};

@ApiTags('imports')
@ApiSecurity('api-key')
@Controller('dataset-imports')
export class DatasetImportsController {
  constructor(private readonly imports: DatasetImportsService) {}

  @Post()
  @RequireRole('admin')
  @HttpCode(202)
  @ApiConsumes('multipart/form-data')
  @ApiOperation({
    summary:
      'Import a MedMNIST .npz (part "file"; optional splits, classNames) as labelled studies, in the worker',
  })
  async start(@Req() request: FastifyRequest): Promise<{ jobId: string; images: number; classes: number }> {
    const { bytes, fields } = await readMultipartUpload(request, RULES);
    return this.imports.start({
      bytes,
      splits: fields.splits?.split(',') as DatasetSplit[] | undefined,
      classNames: fields.classNames?.split(','),
    });
  }
}
