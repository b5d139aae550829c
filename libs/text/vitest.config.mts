import { projectTestConfig } from '../../tests/vitest.preset.mts';

export default projectTestConfig({ project: 'libs/text', testTimeout: 120_000 });
