import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { resizeBilinear, toGrayscale } from '@deepworks/data-prep';
import { DicomDecodeError, decodeStudyImage, type StudyImage } from '@deepworks/imaging';
import type { Page } from '@deepworks/platform';
import { ImageDecodeError } from '@deepworks/data-prep';
import { QueryFailedError, Repository } from 'typeorm';
import { StudyScorer } from '../scoring/study-scorer.service';
import { type StudyAcceptedDto, StudyDto } from './dto/study.dto';
import { StudiesException, StudiesExceptionCode } from './studies.exception';
import { StudyEntity } from './study.entity';

/** Images larger than this on either side are stored downscaled (the model sees 28–64 px anyway). */
const STORED_SIDE = 1024;
/** Refused before decoding (decompression bombs): 25 megapixels. */
const MAX_PIXELS = 25_000_000;

export interface StudyUpload {
  bytes: Buffer;
  patientRef: string | null;
  studyRef: string | null;
}

@Injectable()
export class StudiesService {
  private readonly worklistReads = new Map<string, Promise<Page<StudyDto>>>();

  constructor(
    @InjectRepository(StudyEntity) private readonly studies: Repository<StudyEntity>,
    private readonly scorer: StudyScorer,
  ) {}

  /** Decodes, stores and (when a model is active) scores one study; nothing is stored if decoding fails. */
  async ingest(upload: StudyUpload): Promise<StudyAcceptedDto> {
    const image = decode(upload.bytes);
    const gray = toGrayscale(image);
    const scale = Math.min(1, STORED_SIDE / Math.max(gray.width, gray.height));
    const stored =
      scale < 1
        ? resizeBilinear(
            gray,
            Math.max(1, Math.round(gray.width * scale)),
            Math.max(1, Math.round(gray.height * scale)),
          )
        : gray;
    // Scored before the INSERT, so the study is stored once, scored or pending, never half-way.
    const score = await this.scorer.scoreImage(stored);
    let saved: StudyEntity;
    try {
      saved = await this.studies.save(
        this.studies.create({
          studyRef: upload.studyRef,
          patientRef: upload.patientRef,
          width: stored.width,
          height: stored.height,
          pixels: Buffer.from(stored.data),
          label: null,
          source: 'upload',
          format: image.format,
          ...(score
            ? { ...score, status: 'scored' as const, scoredAt: new Date() }
            : { status: 'pending' as const }),
        }),
      );
    } catch (error) {
      if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505')
        throw new StudiesException(
          StudiesExceptionCode.DuplicateStudyRef,
          `Study ref ${upload.studyRef} exists`,
          {
            studyRef: upload.studyRef,
          },
        );
      throw error;
    }
    return {
      id: saved.id,
      status: saved.status === 'scored' ? 'scored' : 'pending',
      format: image.format,
      url: `/studies/${saved.id}`,
    };
  }

  async list(limit: number, offset: number): Promise<Page<StudyDto>> {
    const [studies, total] = await this.studies.findAndCount({
      order: { createdAt: 'DESC', id: 'ASC' },
      take: limit,
      skip: offset,
    });
    return { items: studies.map(StudyDto.from), total, limit, offset };
  }

  /**
   * Unreviewed studies, urgent (flagged) first, then unscored, then by abnormality; oldest first within.
   * Requests for a page that is being read already share that read (no staleness beyond its own
   * latency): the worklist is polled by every clinician's screen and would otherwise cost one pair of
   * queries per poll.
   */
  queue(limit: number, offset: number): Promise<Page<StudyDto>> {
    const key = `${limit}:${offset}`;
    const inFlight = this.worklistReads.get(key);
    if (inFlight) return inFlight;
    const read = this.readWorklist(limit, offset).finally(() => this.worklistReads.delete(key));
    this.worklistReads.set(key, read);
    return read;
  }

  private async readWorklist(limit: number, offset: number): Promise<Page<StudyDto>> {
    const query = this.studies.createQueryBuilder('study').where('study.reviewed_at IS NULL');
    const total = await query.getCount();
    const studies = await query
      .orderBy(`CASE WHEN study.flagged THEN 0 WHEN study.status = 'pending' THEN 1 ELSE 2 END`, 'ASC')
      .addOrderBy('study.abnormality', 'DESC', 'NULLS LAST')
      .addOrderBy('study.created_at', 'ASC')
      .limit(limit)
      .offset(offset)
      .getMany();
    return { items: studies.map(StudyDto.from), total, limit, offset };
  }

  async get(id: string): Promise<StudyDto> {
    return StudyDto.from(await this.find(id));
  }

  async heatmap(id: string): Promise<Buffer> {
    const study = await this.find(id);
    const overlay = await this.scorer.overlay(id);
    if (overlay) return overlay;
    throw new StudiesException(
      StudiesExceptionCode.NoHeatmap,
      study.status === 'scored'
        ? `Study ${id} was scored by model version ${study.modelVersion}, which is no longer active; re-score it for a heat map`
        : `Study ${id} has not been scored yet`,
      { id },
    );
  }

  async find(id: string): Promise<StudyEntity> {
    const study = await this.studies.findOneBy({ id });
    if (!study) throw notFound(id);
    return study;
  }
}

function notFound(id: string): StudiesException {
  return new StudiesException(StudiesExceptionCode.StudyNotFound, `No study ${id}`, { id });
}

function decode(bytes: Buffer): StudyImage {
  try {
    return decodeStudyImage(bytes, MAX_PIXELS);
  } catch (error) {
    if (error instanceof ImageDecodeError || error instanceof DicomDecodeError) {
      const code =
        error.code === 'too_large'
          ? StudiesExceptionCode.ImageTooLarge
          : error.code === 'unsupported' || error.code === 'no_pixel_data'
            ? StudiesExceptionCode.ImageUnsupported
            : StudiesExceptionCode.ImageUnreadable;
      throw new StudiesException(code, `The upload is not a usable image: ${error.message}`, {
        reason: error.code,
      });
    }
    throw error;
  }
}
