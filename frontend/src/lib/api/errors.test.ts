import { describe, expect, it } from 'vitest';
import { ApiError, call, toApiError } from './errors';

describe('toApiError', () => {
  it('reads the {message, field, kind} object the Go ErrorFormatter sends', () => {
    const e = toApiError({ message: 'Enter your email', field: 'email', kind: 'invalid' });
    expect(e).toBeInstanceOf(ApiError);
    expect([e.message, e.field, e.kind]).toEqual(['Enter your email', 'email', 'invalid']);
  });

  it('parses a JSON string and keeps a bare string as the message', () => {
    expect(toApiError('{"message":"You are offline — cannot reach the server","kind":"offline"}').kind).toBe('offline');
    const bare = toApiError('boom');
    expect([bare.message, bare.kind, bare.field]).toEqual(['boom', 'internal', '']);
  });

  it('falls back safely on unknown kinds and junk', () => {
    expect(toApiError({ message: 'x', kind: 'weird' }).kind).toBe('internal');
    expect(toApiError(undefined).message).toBe('Something went wrong');
    expect(toApiError({ message: '' }).message).toBe('Something went wrong');
  });

  it('call turns a rejection into an ApiError and passes results through', async () => {
    await expect(call(async () => 42)).resolves.toBe(42);
    await expect(call(() => Promise.reject({ message: 'Wrong company, email or password', kind: 'auth' }))).rejects.toMatchObject({
      name: 'ApiError',
      kind: 'auth',
      message: 'Wrong company, email or password',
    });
  });
});
