import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { type Page, PageQueryDto } from '@deepworks/platform';
import type { StudyDto } from './dto/study.dto';
import { StudiesService } from './studies.service';

@ApiTags('studies')
@ApiSecurity('api-key')
@Controller('studies')
export class StudiesController {
  constructor(private readonly studies: StudiesService) {}

  @Get()
  @ApiOperation({ summary: 'Stored studies, newest first' })
  list(@Query() page: PageQueryDto): Promise<Page<StudyDto>> {
    return this.studies.list(page.limit, page.offset);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One study' })
  get(@Param('id', new ParseUUIDPipe()) id: string): Promise<StudyDto> {
    return this.studies.get(id);
  }
}
