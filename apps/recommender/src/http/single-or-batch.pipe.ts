import {
  type ArgumentMetadata,
  BadRequestException,
  type PipeTransform,
  ValidationPipe,
} from '@nestjs/common';

/**
 * A body that is either one record or `{ <key>: [records] }`: validated as the one it is and always
 * handed on as the batch, so controllers and services deal with one shape. (A union is not something
 * class-validator can express on a single DTO.)
 */
export class SingleOrBatchPipe<Batch extends object> implements PipeTransform<unknown, Promise<Batch>> {
  /** The platform's validation settings, so that both shapes fail with the same VALIDATION_FAILED body. */
  private readonly validation = new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
  });

  constructor(
    private readonly single: new () => object,
    private readonly batch: new () => Batch,
    private readonly key: keyof Batch & string,
  ) {}

  async transform(value: unknown, metadata: ArgumentMetadata): Promise<Batch> {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new BadRequestException([`the body must be one record or { ${this.key}: [records] }`]);
    }
    if (this.key in value)
      return (await this.validation.transform(value, { ...metadata, metatype: this.batch })) as Batch;
    const record = (await this.validation.transform(value, { ...metadata, metatype: this.single })) as object;
    return Object.assign(new this.batch(), { [this.key]: [record] });
  }
}
