import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { RecommendationQueryDto, type RecommendationsDto, TopKQueryDto } from './dto/recommendations.dto';
import { RecommendationsService } from './recommendations.service';

@ApiTags('recommendations')
@ApiSecurity('api-key')
@Controller()
export class RecommendationsController {
  constructor(private readonly recommendations: RecommendationsService) {}

  @Get('users/:id/recommendations')
  @ApiOperation({
    summary:
      '"Recommended for you": the active model for users with a history, else popularity or text match',
  })
  forUser(@Param('id') userId: string, @Query() query: RecommendationQueryDto): RecommendationsDto {
    return this.recommendations.forUser(userId, query);
  }

  @Get('items/:id/similar')
  @ApiOperation({ summary: '"Similar products": by the active model, or by text for items it cannot place' })
  similar(@Param('id') itemId: string, @Query() query: TopKQueryDto): Promise<RecommendationsDto> {
    return this.recommendations.similar(itemId, query.k);
  }
}
