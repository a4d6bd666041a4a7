// Jest runs in native ESM mode (NestJS 12 ships ESM only); ts-jest compiles with decorator metadata.
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json', diagnostics: false }],
  },
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts', '<rootDir>/test/**/*.e2e-spec.ts'],
  testTimeout: 30000,
  // Per checkout, not the shared /tmp/jest_*: two clones testing at once must not read each other's transforms.
  cacheDirectory: '<rootDir>/node_modules/.cache/jest',
};
