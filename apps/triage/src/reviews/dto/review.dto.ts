import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';

export class ReviewStudyDto {
  @ApiProperty({ enum: ['agree', 'override'] })
  @IsIn(['agree', 'override'])
  decision!: 'agree' | 'override';

  /** The clinician's label; required to override, ignored when agreeing (the model's class is kept). */
  @ApiProperty({ required: false })
  @ValidateIf((review: ReviewStudyDto) => review.decision === 'override')
  @Matches(/^[A-Za-z0-9 _-]{1,64}$/, { message: 'label must be 1–64 letters, digits, spaces, _ or -' })
  label?: string;

  @ApiProperty({ required: false, maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  comment?: string;
}

export class StudyReviewDto {
  @ApiProperty() id!: number;
  @ApiProperty({ format: 'uuid' }) studyId!: string;
  @ApiProperty() reviewer!: string;
  @ApiProperty({ enum: ['agree', 'override'] }) decision!: string;
  @ApiProperty() finalLabel!: string;
  @ApiProperty() comment!: string;
  @ApiProperty({ nullable: true, type: String }) predictedClass!: string | null;
  @ApiProperty({ nullable: true, type: Number }) modelVersion!: number | null;
  @ApiProperty({ nullable: true, type: String }) modelVersionId!: string | null;
  @ApiProperty() createdAt!: string;
}
