import { projectTestConfig } from './vitest.preset.mts';

export default projectTestConfig({ project: 'tests', testTimeout: 240_000, exclude: ['reliability/**'] });
