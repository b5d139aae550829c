import { projectTestConfig } from '../../tests/vitest.preset.mts';

export default projectTestConfig({ project: 'libs/engine', testTimeout: 120_000 });
