/** The domain core: pure, clock-free, no I/O. See README.md in this folder. */
export * from './codes';
export * from './dates';
export * from './scan';
export * from './jws';
export * from './verdict';
export * from './scan-verdict';
export * from './sentences';
export * from './schemas/common';
export * from './schemas/passport';
export * from './schemas/trust-list';
export * from './schemas/policy';
export * from './schemas/token';
export * from './schemas/feed';
export * from './sessions';
