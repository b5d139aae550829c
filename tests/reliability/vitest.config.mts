import { projectTestConfig } from '../vitest.preset.mts';

// `npm run test:reliability`: load, faults and hostile input against the built services, one suite at a time.
export default projectTestConfig({ project: 'tests/reliability', database: true, testTimeout: 900_000 });
