import { projectTestConfig } from '../../tests/vitest.preset.mts';

export default projectTestConfig({ project: 'libs/data-prep', testTimeout: 60_000 });
