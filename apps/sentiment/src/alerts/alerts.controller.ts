import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Req } from '@nestjs/common';
import { ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedRequest, type Page, RequireRole } from '@deepworks/platform';
import { AlertsService } from './alerts.service';
import { type AlertDto, AlertQueryDto } from './alert.dto';

@ApiTags('alerts')
@ApiSecurity('api-key')
@Controller('alerts')
export class AlertsController {
  constructor(private readonly alerts: AlertsService) {}

  @Get()
  @ApiOperation({ summary: 'Surge alerts, most recent bucket first' })
  list(@Query() query: AlertQueryDto): Promise<Page<AlertDto>> {
    return this.alerts.list(query);
  }

  @Post(':id/acknowledge')
  @HttpCode(200)
  @RequireRole('writer')
  @ApiOperation({ summary: 'Mark an alert as seen (idempotent)' })
  acknowledge(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Req() request: AuthenticatedRequest,
  ): Promise<AlertDto> {
    return this.alerts.acknowledge(id, request.principal?.label ?? 'anonymous');
  }
}
