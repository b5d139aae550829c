import {
  Controller,
  Get,
  Header,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Req,
  StreamableFile,
} from '@nestjs/common';
import { ApiConsumes, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { type Page, PageQueryDto, RequireRole } from '@deepworks/platform';
import type { FastifyRequest } from 'fastify';
import type { StudyAcceptedDto, StudyDto } from './dto/study.dto';
import { readStudyUpload } from './study-upload.reader';
import { StudiesService } from './studies.service';

@ApiTags('studies')
@ApiSecurity('api-key')
@Controller()
export class StudiesController {
  constructor(private readonly studies: StudiesService) {}

  @Post('studies')
  @RequireRole('writer')
  @HttpCode(201)
  @ApiConsumes('multipart/form-data')
  @ApiOperation({ summary: 'Upload a PNG, JPEG or DICOM image (part "file"; optional patientRef, studyRef)' })
  async upload(@Req() request: FastifyRequest): Promise<StudyAcceptedDto> {
    return this.studies.ingest(await readStudyUpload(request));
  }

  @Get('studies')
  @RequireRole('clinician')
  @ApiOperation({ summary: 'Stored studies, newest first' })
  list(@Query() page: PageQueryDto): Promise<Page<StudyDto>> {
    return this.studies.list(page.limit, page.offset);
  }

  @Get('queue')
  @RequireRole('clinician')
  @ApiOperation({ summary: 'Unreviewed studies: urgent (flagged) first, then unscored, then by abnormality' })
  queue(@Query() page: PageQueryDto): Promise<Page<StudyDto>> {
    return this.studies.queue(page.limit, page.offset);
  }

  @Get('studies/:id')
  @RequireRole('clinician')
  @ApiOperation({ summary: 'One study with its scores, decision, priority and model version' })
  get(@Param('id', new ParseUUIDPipe()) id: string): Promise<StudyDto> {
    return this.studies.get(id);
  }

  @Get('studies/:id/heatmap.png')
  @RequireRole('clinician')
  @Header('content-type', 'image/png')
  @ApiOperation({ summary: 'The image with the Grad-CAM heat map of the decision on top' })
  async heatmap(@Param('id', new ParseUUIDPipe()) id: string): Promise<StreamableFile> {
    return new StreamableFile(await this.studies.heatmap(id));
  }
}
