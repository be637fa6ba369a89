export * from './types';
export * from './copilot';
export { ApiError, toApiError, call } from './errors';
export type { ErrorKind } from './errors';
