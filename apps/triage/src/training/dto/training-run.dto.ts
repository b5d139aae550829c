import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsInt, IsNumber, IsOptional, Max, Min } from 'class-validator';
import { TRIAGE_ARCHITECTURES, type TriageArchitecture } from '@deepworks/imaging';

export class StartTrainingRunDto {
  @ApiProperty({ required: false, default: 20, minimum: 1, maximum: 200 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(200)
  epochs?: number;

  @ApiProperty({ required: false, default: 64, minimum: 8, maximum: 512 })
  @IsOptional()
  @IsInt()
  @Min(8)
  @Max(512)
  batchSize?: number;

  @ApiProperty({
    required: false,
    default: 0,
    description: 'Self-supervised contrastive (SimCLR) pretraining epochs',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(50)
  pretrainEpochs?: number;

  @ApiProperty({ required: false, enum: TRIAGE_ARCHITECTURES, default: 'cnn' })
  @IsOptional()
  @IsIn(TRIAGE_ARCHITECTURES)
  architecture?: TriageArchitecture;

  @ApiProperty({ required: false, default: 0.95 })
  @IsOptional()
  @IsNumber()
  @Min(0.5)
  @Max(0.999)
  targetSensitivity?: number;

  @ApiProperty({ required: false, default: 42 })
  @IsOptional()
  @IsInt()
  @Min(0)
  seed?: number;
}
