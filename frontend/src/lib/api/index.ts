export * from './types';
export * from './copilot';
export * from './settings';
export { ApiError, toApiError, call } from './errors';
export type { ErrorKind } from './errors';
