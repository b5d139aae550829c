import { ApiProperty } from '@nestjs/swagger';
import type { StudyEntity, StudySource } from '../study.entity';

export class StudyDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ nullable: true, type: String }) studyRef!: string | null;
  @ApiProperty({ nullable: true, type: String }) patientRef!: string | null;
  @ApiProperty() width!: number;
  @ApiProperty() height!: number;
  @ApiProperty({ nullable: true, type: String }) label!: string | null;
  @ApiProperty({ enum: ['upload', 'import', 'demo'] }) source!: StudySource;
  @ApiProperty() createdAt!: string;

  static from(study: StudyEntity): StudyDto {
    return {
      id: study.id,
      studyRef: study.studyRef,
      patientRef: study.patientRef,
      width: study.width,
      height: study.height,
      label: study.label,
      source: study.source,
      createdAt: study.createdAt.toISOString(),
    };
  }
}
