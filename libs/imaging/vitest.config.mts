import { projectTestConfig } from '../../tests/vitest.preset.mts';

export default projectTestConfig({ project: 'libs/imaging', testTimeout: 300_000 });
