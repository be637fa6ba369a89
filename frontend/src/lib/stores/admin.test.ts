import { get } from 'svelte/store';
import { beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../api';
import { FakeDesk } from '../api/fake';
import { OFFLINE_ADMIN } from '../api/fakeadmin';
import { auditActionGroups, createAdminStore } from './admin';

const signIn = (api: FakeDesk, email: string) =>
  api.login({ serverURL: '', company: 'Northwind Bikes', email, password: 'frontline-demo', remember: false });

describe('admin store', () => {
  let api: FakeDesk;
  beforeEach(async () => {
    api = new FakeDesk();
    api.users.push({ id: 'u-ada', name: 'Ada Park', email: 'ada@northwind.test', role: 'admin', active: true });
    api.settings.categories = [{ id: 'c1', name: 'Billing', description: '', examples: [], updatedAt: '' }];
    await signIn(api, 'ada@northwind.test');
  });

  it('lists the team and invites, re-roles, profiles and deactivates agents', async () => {
    const s = createAdminStore(api.admin);
    await s.loadTeam();
    const team = get(s).team!;
    expect(team.canEdit).toBe(true);
    expect(team.categories).toEqual(['Billing']);
    expect(team.agents.map((a) => [a.name, a.me])).toEqual([['Ada Park', true], ['Maya Chen', false], ['Sam Ortiz', false]]);

    const inv = await s.invite(' Lee@Northwind.test ', 'agent');
    expect(inv).toMatchObject({ email: 'lee@northwind.test', role: 'agent' });
    expect(get(s).invite?.token).toMatch(/^fli_/);
    expect(get(s).notice).toBe('Invitation for lee@northwind.test created — pass the token on');
    s.dismissInvite();
    expect(get(s).invite).toBeNull();

    expect(await s.invite('maya@northwind.test', 'agent')).toBeNull();
    expect(get(s).fieldErrors).toEqual({ email: 'A user with this email already exists' });
    s.clearErrors('email');
    expect(get(s).fieldErrors).toEqual({});

    await s.setRole('u-maya', 'admin');
    expect(get(s).team?.agents.find((a) => a.id === 'u-maya')?.role).toBe('admin');
    expect(get(s).notice).toBe('Maya Chen is now an admin');

    await s.updateProfile('u-sam', 4, ['Billing']);
    expect(get(s).team?.agents.find((a) => a.id === 'u-sam')).toMatchObject({ capacity: 4, skills: ['Billing'] });
    expect(await s.updateProfile('u-sam', 4, ['Shipping'])).toBeNull();
    expect(get(s).fieldErrors.skills).toContain('Shipping');

    expect(await s.deactivate('u-ada')).toBeNull();
    expect(get(s).formError).toContain('cannot deactivate yourself');
    await s.deactivate('u-sam');
    expect(get(s).team?.agents.find((a) => a.id === 'u-sam')?.active).toBe(false);

    // Every change is in the audit log, newest first, and the filters narrow it.
    await s.loadAudit();
    const log = get(s).audit!;
    expect(log.entries.map((e) => e.action)).toEqual(['user.deactivate', 'user.profile', 'user.role', 'user.invite']);
    expect(auditActionGroups(log.actions)).toEqual(['user.', 'user.deactivate', 'user.invite', 'user.profile', 'user.role']);
    await s.loadAudit({ action: 'user.role' });
    expect(get(s).audit?.entries.map((e) => e.summary)).toEqual(['Role of Maya Chen set to admin']);
    await s.loadAudit({ action: '', text: 'LEE@' });
    expect(get(s).audit?.total).toBe(1);
    expect(get(s).query).toEqual({ action: '', text: 'LEE@', limit: 500 });
  });

  it('reads the team and log offline but says the server is needed for the rest', async () => {
    const s = createAdminStore(api.admin);
    api.sync = { ...api.sync, online: false };
    await s.loadTeam();
    expect(get(s).team?.online).toBe(false);
    await s.loadAudit();
    expect(get(s).errors.audit).toBe('');
    await s.loadWidget();
    expect(get(s).widget).toBeNull();
    expect(get(s).errors.widget).toBe(OFFLINE_ADMIN);
    expect(await s.invite('kim@northwind.test', 'agent')).toBeNull();
    expect(get(s).formError).toBe(OFFLINE_ADMIN);
    await s.toggleAvailability();
    expect(get(s).availability).toBe('available');
    expect(get(s).availabilityError).toBe(OFFLINE_ADMIN);
  });

  it('saves the widget and keeps the form on a refusal', async () => {
    const s = createAdminStore(api.admin);
    await s.loadWidget();
    const w = get(s).widget!;
    expect(w.embed).toBe('<script src="http://127.0.0.1:8080/widget.js" data-widget-key="flw_demo_northwind_bikes" async></script>');
    expect(await s.saveWidget({ ...w, accentColor: 'teal' })).toBeNull();
    expect(get(s).fieldErrors).toEqual({ accentColor: 'Must be a hex colour such as #2563eb' });
    expect(get(s).widget?.accentColor).toBe('#2563eb');
    const saved = await s.saveWidget({ ...w, accentColor: '#0f766e', allowedOrigins: [' https://northwind.test ', ''], botEnabled: false });
    expect(saved).toMatchObject({ accentColor: '#0f766e', allowedOrigins: ['https://northwind.test'], botEnabled: false });
    expect(get(s).notice).toBe('Widget settings saved');
  });

  it('saves the AI provider with a write-only key and tests it', async () => {
    const s = createAdminStore(api.admin);
    await s.loadAI();
    expect(get(s).ai?.mode).toMatch(/^Offline defaults/);
    const ai = get(s).ai!;
    expect(await s.saveAI({ ...ai, provider: 'anthropic', model: 'claude' }, { apiKey: '', clear: false })).toBeNull();
    expect(get(s).fieldErrors).toEqual({ apiKey: 'Required for anthropic' });
    const saved = await s.saveAI({ ...ai, provider: 'anthropic', model: 'claude' }, { apiKey: 'sk-ant-secret-9876', clear: false });
    expect(saved).toMatchObject({ apiKeySet: true, apiKeyMasked: 'sk-…9876' });
    expect(JSON.stringify(get(s).ai)).not.toContain('secret');
    expect(get(s).ai?.mode).toMatch(/^LLM: the bot and copilot call anthropic \(claude\)/);

    api.admin.testResult = { ok: false, error: 'provider answered 401 Unauthorized', reply: '', latencyMs: 80 };
    const r = await s.testAI(saved!, { apiKey: '', clear: false });
    expect(r).toMatchObject({ ok: false });
    expect(get(s).test?.error).toContain('401');
    expect(get(s).notice).toBe('');

    api.admin.failNext = new ApiError('You are not allowed to do that', 'permission');
    expect(await s.testAI(saved!, { apiKey: '', clear: false })).toBeNull();
    expect(get(s).formError).toBe('You are not allowed to do that');
  });

  it('toggles the signed-in user between available and away', async () => {
    await signIn(api, 'maya@northwind.test');
    const s = createAdminStore(api.admin);
    await s.loadAvailability();
    expect(get(s).availability).toBe('available');
    await s.toggleAvailability();
    expect(get(s).availability).toBe('away');
    expect(await api.admin.availability()).toBe('away');
    await s.toggleAvailability();
    expect(get(s).availability).toBe('available');
    expect(api.admin.calls).toContain('setAvailability:away');
  });
});
