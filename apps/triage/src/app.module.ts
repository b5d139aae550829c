import { type DynamicModule, Module } from '@nestjs/common';
import { type JsonLogger, PlatformModule, type PlatformOptions } from '@deepworks/platform';
import { DemoDataModule } from './demo-data/demo-data.module';
import { TRIAGE_MIGRATIONS } from './migrations';
import { StudiesModule } from './studies/studies.module';

@Module({})
export class AppModule {
  static register(options: PlatformOptions, logger: JsonLogger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({ ...options, logger, migrations: TRIAGE_MIGRATIONS }),
        StudiesModule,
        DemoDataModule,
      ],
    };
  }
}
