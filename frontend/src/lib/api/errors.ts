// ApiError is how a failed binding call surfaces in the UI. The Go side
// rejects with {message, field, kind} (app.UIError via the ErrorFormatter).

export type ErrorKind = 'auth' | 'offline' | 'invalid' | 'notfound' | 'conflict' | 'permission' | 'internal';

export class ApiError extends Error {
  readonly field: string;
  readonly kind: ErrorKind;

  constructor(message: string, kind: ErrorKind = 'internal', field = '') {
    super(message);
    this.name = 'ApiError';
    this.kind = kind;
    this.field = field;
  }
}

const KINDS = new Set<string>(['auth', 'offline', 'invalid', 'notfound', 'conflict', 'permission', 'internal']);

/** toApiError normalises whatever a rejected promise carried. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err && typeof err === 'object' && 'message' in err) {
    const o = err as { message?: unknown; field?: unknown; kind?: unknown };
    const kind = typeof o.kind === 'string' && KINDS.has(o.kind) ? (o.kind as ErrorKind) : 'internal';
    const field = typeof o.field === 'string' ? o.field : '';
    const message = typeof o.message === 'string' && o.message ? o.message : 'Something went wrong';
    return new ApiError(message, kind, field);
  }
  if (typeof err === 'string' && err) {
    // Older runtimes reject with a JSON string or a bare message.
    try {
      const parsed = JSON.parse(err);
      if (parsed && typeof parsed === 'object') return toApiError(parsed);
    } catch {
      /* a bare message */
    }
    return new ApiError(err);
  }
  return new ApiError('Something went wrong');
}

/** call runs a binding and turns its rejection into an ApiError. */
export async function call<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toApiError(err);
  }
}
