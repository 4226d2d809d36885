/** Badge-reader decoding (spec/readers.md): pure, clock-free, shared by the device manager, CLI and screens. */
export * from './profile';
export * from './events';
export * from './decoder';
export * from './keymap';
export * from './uid';
export * from './encoder';
export * from './capture';
export * from './wedge';
