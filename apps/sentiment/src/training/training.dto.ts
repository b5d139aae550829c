import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsNumber, IsOptional, Max, Min } from 'class-validator';

export class StartTrainingDto {
  @ApiPropertyOptional({ description: 'L2 coefficient of the linear model', default: 3e-6 })
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(1)
  l2?: number;

  @ApiPropertyOptional({ description: 'L-BFGS iterations at most', default: 100 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(2000)
  maxIterations?: number;
}

export interface TrainSentimentJob {
  l2?: number;
  maxIterations?: number;
  requestedBy: string;
}
