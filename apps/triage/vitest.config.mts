import { projectTestConfig } from '../../tests/vitest.preset.mts';

export default projectTestConfig({ project: 'apps/triage', database: true, testTimeout: 240_000 });
