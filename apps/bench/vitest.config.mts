import { projectTestConfig } from '../../tests/vitest.preset.mts';

export default projectTestConfig({ project: 'apps/bench' });
