import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNumber, IsObject, IsOptional, Max, Min, ValidateNested } from 'class-validator';
import { TRIAGE_ARCHITECTURES, type TriageArchitecture } from '@deepworks/imaging';

/** Random search with successive halving over learning rate, batch size and augmentation. */
export class TrainingSearchDto {
  @ApiProperty({ minimum: 3, maximum: 27, description: 'Configs drawn and started at 1 epoch' })
  @IsInt()
  @Min(3)
  @Max(27)
  trials!: number;

  @ApiProperty({
    required: false,
    default: 3,
    minimum: 2,
    maximum: 4,
    description: 'Each rung keeps the best 1/eta and trains them eta × as many epochs',
  })
  @IsOptional()
  @IsInt()
  @Min(2)
  @Max(4)
  eta?: number;
}

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

  @ApiProperty({
    required: false,
    type: TrainingSearchDto,
    description:
      'Search learningRate, batchSize and augmentation by successive halving up to `epochs`; the best is registered',
  })
  @IsOptional()
  // An array would pass ValidateNested element by element.
  @IsObject()
  @ValidateNested()
  @Type(() => TrainingSearchDto)
  search?: TrainingSearchDto;
}
