import { projectTestConfig } from '../../tests/vitest.preset.mts';

export default projectTestConfig({ project: 'libs/zoo', testTimeout: 120_000 });
