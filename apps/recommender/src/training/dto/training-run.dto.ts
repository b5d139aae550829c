import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsNumber, IsObject, IsOptional, Max, Min } from 'class-validator';
import { SERVABLE_MODEL_NAMES, type ServableModel } from '../served-model.builder';
import type { TrainingRunEntity, TrainingRunStatus } from '../training-run.entity';

export class StartTrainingRunDto {
  @ApiProperty({ enum: SERVABLE_MODEL_NAMES, example: 'ease' })
  @IsIn(SERVABLE_MODEL_NAMES, { message: `model must be one of: ${SERVABLE_MODEL_NAMES.join(', ')}` })
  model!: ServableModel;

  @ApiPropertyOptional({
    description:
      'Hyper-parameters (ease: lambda, dropout; itemknn: neighbours, shrinkage; mf: dim, epochs, negatives, ' +
      'learningRate; als: factors, regularization, alpha, iterations, conjugateGradientSteps; bpr: factors, ' +
      'learningRate, regularization, epochs)',
    example: { lambda: 50 },
  })
  @IsOptional()
  @IsObject()
  parameters?: Record<string, number>;

  @ApiPropertyOptional({
    description: 'Blend item-text similarity in for items with few events',
    default: true,
  })
  @IsOptional()
  @IsBoolean()
  coldStart?: boolean;

  @ApiPropertyOptional({
    description: "Share of each user's interactions held out for evaluation",
    default: 0.2,
  })
  @IsOptional()
  @IsNumber()
  @Min(0.05)
  @Max(0.5)
  holdout?: number;

  @ApiPropertyOptional({ default: 42 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(2 ** 31 - 1)
  seed?: number;
}

export class TrainingRunAcceptedDto {
  @ApiProperty() runId!: string;
  @ApiProperty() jobId!: string;
}

export class TrainingRunDto {
  @ApiProperty() id!: string;
  @ApiProperty() model!: string;
  @ApiProperty({ enum: ['queued', 'running', 'succeeded', 'failed'] }) status!: TrainingRunStatus;
  @ApiProperty({ nullable: true, type: String }) jobId!: string | null;
  @ApiProperty({ nullable: true, type: Object }) metrics!: Record<string, unknown> | null;
  @ApiProperty({ nullable: true, type: String }) modelVersionId!: string | null;
  @ApiProperty({ nullable: true, type: Boolean }) promoted!: boolean | null;
  @ApiProperty({ nullable: true, type: String }) decision!: string | null;
  @ApiProperty({ nullable: true, type: String }) error!: string | null;
  @ApiProperty() createdBy!: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ nullable: true, type: String }) startedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) finishedAt!: string | null;

  static from(run: TrainingRunEntity): TrainingRunDto {
    return {
      id: run.id,
      model: run.model,
      status: run.status,
      jobId: run.jobId,
      metrics: run.metrics,
      modelVersionId: run.modelVersionId,
      promoted: run.promoted,
      decision: run.decision,
      error: run.error,
      createdBy: run.createdBy,
      createdAt: run.createdAt.toISOString(),
      startedAt: run.startedAt?.toISOString() ?? null,
      finishedAt: run.finishedAt?.toISOString() ?? null,
    };
  }
}
