export * from './regions';
export * from './strategy';
export * from './objectives';
export * from './names';
export * from './multi-region';
