import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Page } from '@deepworks/platform';
import { Repository } from 'typeorm';
import { StudyDto } from './dto/study.dto';
import { StudiesException, StudiesExceptionCode } from './studies.exception';
import { StudyEntity } from './study.entity';

@Injectable()
export class StudiesService {
  constructor(@InjectRepository(StudyEntity) private readonly studies: Repository<StudyEntity>) {}

  async list(limit: number, offset: number): Promise<Page<StudyDto>> {
    const [studies, total] = await this.studies.findAndCount({
      order: { createdAt: 'DESC', id: 'ASC' },
      take: limit,
      skip: offset,
    });
    return { items: studies.map(StudyDto.from), total, limit, offset };
  }

  async get(id: string): Promise<StudyDto> {
    const study = await this.studies.findOneBy({ id });
    if (!study) throw new StudiesException(StudiesExceptionCode.StudyNotFound, `No study ${id}`, { id });
    return StudyDto.from(study);
  }
}
