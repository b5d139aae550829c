import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedRequest, RequireRole } from '@deepworks/platform';
import { CreateSubscriptionDto, type SubscriptionDto } from './subscription.dto';
import { SubscriptionsService } from './subscriptions.service';

@ApiTags('alerts')
@ApiSecurity('api-key')
@Controller('subscriptions')
export class SubscriptionsController {
  constructor(private readonly subscriptions: SubscriptionsService) {}

  @Post()
  @RequireRole('admin')
  @ApiOperation({ summary: 'Deliver future alerts (optionally of some topics) to a webhook URL' })
  create(
    @Body() body: CreateSubscriptionDto,
    @Req() request: AuthenticatedRequest,
  ): Promise<SubscriptionDto> {
    return this.subscriptions.create(body, request.principal?.label ?? 'anonymous');
  }

  @Get()
  @RequireRole('admin')
  list(): Promise<SubscriptionDto[]> {
    return this.subscriptions.list();
  }

  @Delete(':id')
  @HttpCode(204)
  @RequireRole('admin')
  async remove(@Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    await this.subscriptions.deactivate(id);
  }
}
