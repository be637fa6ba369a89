import { get } from 'svelte/store';
import { beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../api';
import { FakeDesk } from '../api/fake';
import { createSessionStore } from './session';

const good = {
  serverURL: 'http://127.0.0.1:8080',
  company: 'Northwind Bikes',
  email: 'maya@northwind.test',
  password: 'frontline-demo',
  remember: true,
};

describe('session store', () => {
  let api: FakeDesk;
  beforeEach(() => {
    api = new FakeDesk();
  });

  it('starts signed out with the remembered server', async () => {
    const s = createSessionStore(api);
    expect(get(s).ready).toBe(false);
    await s.init();
    expect(get(s)).toMatchObject({ ready: true, session: null, remembered: { serverURL: 'http://127.0.0.1:8080' } });
  });

  it('signs in and out', async () => {
    const s = createSessionStore(api);
    await s.init();
    expect(await s.login(good)).toBe(true);
    expect(get(s).session?.user.name).toBe('Maya Chen');
    expect(get(s).remembered).toEqual({ serverURL: good.serverURL, company: good.company, email: good.email });
    await s.logout();
    expect(get(s).session).toBeNull();
    expect(api.calls).toEqual(['status', 'login', 'logout']);
  });

  it('shows the wrong-credentials message for the whole form', async () => {
    const s = createSessionStore(api);
    expect(await s.login({ ...good, password: 'nope' })).toBe(false);
    expect(get(s)).toMatchObject({ busy: false, error: 'Wrong company, email or password', fieldErrors: {} });
  });

  it('checks empty fields without calling the server', async () => {
    const s = createSessionStore(api);
    expect(await s.login({ ...good, company: ' ', password: '' })).toBe(false);
    expect(get(s).fieldErrors).toEqual({ company: 'Enter your company name', password: 'Enter your password' });
    expect(api.calls).toEqual([]);
    s.clearFieldError('company');
    expect(get(s).fieldErrors).toEqual({ password: 'Enter your password' });
  });

  it('puts a server field error beside its field', async () => {
    const s = createSessionStore(api);
    api.failNext = new ApiError('Enter the server address, like http://127.0.0.1:8080', 'invalid', 'serverURL');
    expect(await s.login(good)).toBe(false);
    expect(get(s)).toMatchObject({
      error: '',
      fieldErrors: { serverURL: 'Enter the server address, like http://127.0.0.1:8080' },
    });
  });

  it('reports offline and expiry', async () => {
    const s = createSessionStore(api);
    api.failNext = new ApiError('You are offline — cannot reach the server', 'offline');
    await s.login(good);
    expect(get(s).error).toBe('You are offline — cannot reach the server');
    await s.login(good);
    s.expire('Your session has ended — please sign in again');
    expect(get(s)).toMatchObject({ session: null, error: 'Your session has ended — please sign in again' });
  });

  it('offers to continue offline only when the server is out of reach and a session is stored', async () => {
    const s = createSessionStore(api);
    await s.init();
    api.failNext = new ApiError('You are offline — cannot reach the server', 'offline');
    await s.login(good);
    expect(get(s).canGoOffline).toBe(false);
    api.storedSession = true;
    api.failNext = new ApiError('You are offline — cannot reach the server', 'offline');
    await s.login(good);
    expect(get(s).canGoOffline).toBe(true);
    expect(await s.continueOffline({ ...good, password: 'nope' })).toBe(false);
    expect(get(s).fieldErrors).toEqual({ password: 'Wrong password' });
    expect(await s.continueOffline(good)).toBe(true);
    expect(get(s)).toMatchObject({ canGoOffline: false, busy: false, error: '' });
    expect(get(s).session?.user.name).toBe('Maya Chen');
    expect(api.calls).toContain('offline');
  });

  it('signs out when the server ended the session', async () => {
    const s = createSessionStore(api);
    await s.login(good);
    s.signedOut('Your session has ended — please sign in again');
    expect(get(s)).toMatchObject({ session: null, error: 'Your session has ended — please sign in again' });
  });
});

describe('acceptInvite', () => {
  it('shows the field at fault and signs in with a good code', async () => {
    const api = new FakeDesk();
    const s = createSessionStore(api);
    await s.init();
    expect(await s.acceptInvite({ serverURL: 'http://x', token: 'nope', name: 'Lee', password: 'long-enough-pw', remember: false })).toBe(false);
    expect(get(s).fieldErrors.token).toMatch(/invitation code/);
    expect(await s.acceptInvite({ serverURL: 'http://x', token: 'fli_fake-invite', name: 'Lee', password: 'short', remember: false })).toBe(false);
    expect(get(s).fieldErrors.password).toMatch(/10 characters/);
    expect(await s.acceptInvite({ serverURL: 'http://x', token: 'fli_fake-invite', name: 'Lee Park', password: 'long-enough-pw', remember: true })).toBe(true);
    expect(get(s).session?.user.name).toBe('Lee Park');
    expect(get(s).remembered.email).toBe('lee@example.com');
    // Spent: a second use says so on the code field.
    await s.logout();
    expect(await s.acceptInvite({ serverURL: 'http://x', token: 'fli_fake-invite', name: 'Lee', password: 'long-enough-pw', remember: false })).toBe(false);
    expect(get(s).fieldErrors.token).toMatch(/not valid any more/);
  });
});
