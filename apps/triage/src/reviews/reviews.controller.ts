import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedRequest, RequireRole } from '@deepworks/platform';
import { ReviewStudyDto, type StudyReviewDto } from './dto/review.dto';
import { ReviewsService } from './reviews.service';

@ApiTags('reviews')
@ApiSecurity('api-key')
@Controller('studies/:id')
export class ReviewsController {
  constructor(private readonly reviews: ReviewsService) {}

  @Post('review')
  @RequireRole('clinician')
  @ApiOperation({ summary: "Agree with or override the model's decision; kept in the audit log" })
  review(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: ReviewStudyDto,
    @Req() request: AuthenticatedRequest,
  ): Promise<StudyReviewDto> {
    return this.reviews.review(id, request.principal?.label ?? 'anonymous', body);
  }

  @Get('reviews')
  @RequireRole('clinician')
  @ApiOperation({ summary: 'The audit log of a study: every review with its reviewer and model version' })
  history(@Param('id', new ParseUUIDPipe()) id: string): Promise<StudyReviewDto[]> {
    return this.reviews.history(id);
  }
}
