export * from './types';
export * from './copilot';
export * from './settings';
export * from './inboxpower';
export * from './admin';
export * from './setup';
export * from './knowledge';
export { ApiError, toApiError, call } from './errors';
export type { ErrorKind } from './errors';
