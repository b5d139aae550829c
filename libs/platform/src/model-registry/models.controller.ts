import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Req } from '@nestjs/common';
import { ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { RequireRole } from '../auth/access.decorators';
import type { AuthenticatedRequest } from '../auth/api-key.guard';
import { ModelRegistry, type ModelVersion } from './model-registry.service';

const TASK_PATTERN = /^[a-z][a-z0-9-]{0,62}$/;

export class ModelTaskQueryDto {
  @IsOptional()
  @Matches(TASK_PATTERN, { message: 'task must be lower-case letters, digits and dashes' })
  task?: string;
}

export class RollbackModelDto {
  @Matches(TASK_PATTERN, { message: 'task must be lower-case letters, digits and dashes' })
  task!: string;
}

@ApiTags('models')
@ApiSecurity('api-key')
@Controller('models')
export class ModelsController {
  constructor(private readonly registry: ModelRegistry) {}

  @Get()
  @ApiOperation({ summary: 'Model versions (newest first), with metrics and status' })
  list(@Query() query: ModelTaskQueryDto): Promise<ModelVersion[]> {
    return this.registry.list(query.task);
  }

  @Get(':id')
  get(@Param('id', new ParseUUIDPipe()) id: string): Promise<ModelVersion> {
    return this.registry.get(id);
  }

  @Post(':id/promote')
  @RequireRole('admin')
  @ApiOperation({ summary: 'Serve this version; the one active before is retired' })
  promote(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Req() request: AuthenticatedRequest,
  ): Promise<ModelVersion> {
    return this.registry.promote(id, request.principal?.label ?? 'anonymous');
  }

  @Post('rollback')
  @RequireRole('admin')
  @ApiOperation({ summary: 'Go back to the version that was active before the current one' })
  rollback(@Body() body: RollbackModelDto, @Req() request: AuthenticatedRequest): Promise<ModelVersion> {
    return this.registry.rollback(body.task, request.principal?.label ?? 'anonymous');
  }
}
