export * from './types';
export { ApiError, toApiError, call } from './errors';
export type { ErrorKind } from './errors';
