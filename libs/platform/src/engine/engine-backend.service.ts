import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { parseBackendChoice, resolveBackend, type ResolvedBackend } from '@deepworks/engine';
import { JsonLogger } from '../logging/json-logger';
import { PLATFORM_OPTIONS, type PlatformOptions } from '../platform.options';

/** Picks the engine's backend once at boot (ENGINE_BACKEND) and remembers why, for logs and /health. */
@Injectable()
export class EngineBackendService implements OnModuleInit {
  private resolved?: ResolvedBackend;

  constructor(
    @Inject(PLATFORM_OPTIONS) private readonly options: PlatformOptions,
    private readonly logger: JsonLogger,
  ) {}

  async onModuleInit(): Promise<void> {
    const { ENGINE_BACKEND, ENGINE_WASM_THREADS } = this.options.environment;
    this.resolved = await resolveBackend(parseBackendChoice(ENGINE_BACKEND), {
      wasmThreads: ENGINE_WASM_THREADS,
    });
    this.logger.event('info', 'engine.backend', { ...this.resolved }, 'EngineBackendService');
  }

  current(): ResolvedBackend {
    if (!this.resolved) throw new Error('the engine backend is not resolved yet');
    return this.resolved;
  }
}
