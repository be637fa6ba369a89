// The admin's sections of the settings screen (team, widget and bot, AI
// provider, audit log) and the header's availability toggle. The team and
// the audit log come from the local replica (they read offline); the rest
// needs the server. A refused save keeps the form and puts the server's
// reason beside the field it names.
import { getContext, setContext } from 'svelte';
import { get, writable, type Readable } from 'svelte/store';
import {
  toApiError,
  type AdminApi,
  type Agent,
  type Agents,
  type AIKey,
  type AISettings,
  type AITest,
  type AuditLog,
  type AuditQuery,
  type Invite,
  type WidgetSettings,
} from '../api';

export type AdminSection = 'team' | 'widget' | 'ai' | 'audit';

export interface AdminState {
  team: Agents | null;
  widget: WidgetSettings | null;
  ai: AISettings | null;
  audit: AuditLog | null;
  query: AuditQuery;
  /** loading names the sections being read. */
  loading: Partial<Record<AdminSection, boolean>>;
  /** errors say why a section could not be read (offline, permission). */
  errors: Partial<Record<AdminSection, string>>;
  saving: boolean;
  /** fieldErrors maps a form field ("email", "accentColor", "apiKey") to the server's reason. */
  fieldErrors: Record<string, string>;
  /** formError is a refusal that names no field. */
  formError: string;
  notice: string;
  /** invite is the last invitation made (its token is shown once). */
  invite: Invite | null;
  /** test is the last provider test. */
  test: AITest | null;
  /** availability is the signed-in user's ("available" or "away"). */
  availability: string;
  availabilityError: string;
}

export interface AdminStore extends Readable<AdminState> {
  loadTeam(): Promise<void>;
  loadWidget(): Promise<void>;
  loadAI(): Promise<void>;
  loadAudit(q?: Partial<AuditQuery>): Promise<void>;
  invite(email: string, role: string): Promise<Invite | null>;
  setRole(id: string, role: string): Promise<Agent | null>;
  deactivate(id: string): Promise<Agent | null>;
  updateProfile(id: string, capacity: number, skills: string[]): Promise<Agent | null>;
  saveWidget(w: WidgetSettings): Promise<WidgetSettings | null>;
  saveAI(s: AISettings, key: AIKey): Promise<AISettings | null>;
  testAI(s: AISettings, key: AIKey): Promise<AITest | null>;
  loadAvailability(): Promise<void>;
  /** toggleAvailability switches between available and away. */
  toggleAvailability(): Promise<void>;
  clearErrors(field?: string): void;
  dismissInvite(): void;
  reset(): void;
}

const initial = (): AdminState => ({
  team: null, widget: null, ai: null, audit: null, query: { action: '', text: '', limit: 500 },
  loading: {}, errors: {}, saving: false, fieldErrors: {}, formError: '', notice: '',
  invite: null, test: null, availability: 'available', availabilityError: '',
});

/** replaceAgent puts a changed user into the team list. */
function replaceAgent(t: Agents | null, a: Agent): Agents | null {
  return t ? { ...t, agents: t.agents.map((x) => (x.id === a.id ? a : x)) } : t;
}

export function createAdminStore(api: AdminApi): AdminStore {
  const store = writable<AdminState>(initial());
  const { subscribe, update, set } = store;

  async function load<K extends AdminSection>(section: K, fn: () => Promise<AdminState[K]>): Promise<void> {
    update((s) => ({ ...s, loading: { ...s.loading, [section]: true }, errors: { ...s.errors, [section]: '' } }));
    try {
      const v = await fn();
      update((s) => ({ ...s, [section]: v, loading: { ...s.loading, [section]: false } }));
    } catch (e) {
      update((s) => ({ ...s, loading: { ...s.loading, [section]: false }, errors: { ...s.errors, [section]: toApiError(e).message } }));
    }
  }

  // save runs one write; on success patch merges the result into the state.
  async function save<T>(fn: () => Promise<T>, patch: (s: AdminState, r: T) => AdminState, what: (r: T) => string): Promise<T | null> {
    if (get(store).saving) return null;
    update((s) => ({ ...s, saving: true, fieldErrors: {}, formError: '', notice: '' }));
    try {
      const r = await fn();
      update((s) => ({ ...patch(s, r), saving: false, notice: what(r) }));
      return r;
    } catch (e) {
      const err = toApiError(e);
      update((s) => ({ ...s, saving: false, fieldErrors: err.field ? { [err.field]: err.message } : {}, formError: err.field ? '' : err.message }));
      return null;
    }
  }

  return {
    subscribe,

    loadTeam: () => load('team', () => api.agents()),
    loadWidget: () => load('widget', () => api.widget()),
    loadAI: () => load('ai', () => api.ai()),

    loadAudit(q) {
      const query = { ...get(store).query, ...q };
      update((s) => ({ ...s, query }));
      return load('audit', () => api.auditLog(query));
    },

    invite: (email, role) =>
      save(() => api.invite(email, role), (s, r) => ({ ...s, invite: r }), (r) => `Invitation for ${r.email} created — pass the token on`),

    setRole: (id, role) => save(() => api.setRole(id, role), (s, r) => ({ ...s, team: replaceAgent(s.team, r) }), (r) => `${r.name} is now ${r.role === 'admin' ? 'an admin' : 'an agent'}`),

    deactivate: (id) => save(() => api.deactivate(id), (s, r) => ({ ...s, team: replaceAgent(s.team, r) }), (r) => `${r.name} was deactivated and signed out`),

    updateProfile: (id, capacity, skills) =>
      save(() => api.updateProfile(id, capacity, skills), (s, r) => ({ ...s, team: replaceAgent(s.team, r) }), (r) => `${r.name}'s capacity and skills saved`),

    saveWidget: (w) => save(() => api.saveWidget(w), (s, r) => ({ ...s, widget: r }), () => 'Widget settings saved'),

    saveAI: (ai, key) => save(() => api.saveAI(ai, key), (s, r) => ({ ...s, ai: r }), () => 'AI provider saved'),

    testAI: (ai, key) =>
      save(() => api.testAI(ai, key), (s, r) => ({ ...s, test: r }), () => ''), // the result box says how it went

    async loadAvailability() {
      try {
        const availability = await api.availability();
        update((s) => ({ ...s, availability, availabilityError: '' }));
      } catch (e) {
        update((s) => ({ ...s, availabilityError: toApiError(e).message }));
      }
    },

    async toggleAvailability() {
      const next = get(store).availability === 'away' ? 'available' : 'away';
      try {
        const availability = await api.setAvailability(next);
        update((s) => ({ ...s, availability, availabilityError: '' }));
      } catch (e) {
        update((s) => ({ ...s, availabilityError: toApiError(e).message }));
      }
    },

    clearErrors(field) {
      update((s) => {
        if (!field) return { ...s, fieldErrors: {}, formError: '', notice: '' };
        const fe = { ...s.fieldErrors };
        delete fe[field];
        return { ...s, fieldErrors: fe };
      });
    },

    dismissInvite: () => update((s) => ({ ...s, invite: null })),
    reset: () => set(initial()),
  };
}

/** auditActionGroups turns ["user.role", "user.invite", "widget.update"] into filter options with "user." prefixes. */
export function auditActionGroups(actions: string[]): string[] {
  const groups = [...new Set(actions.filter((a) => a.includes('.')).map((a) => a.slice(0, a.indexOf('.') + 1)))].sort();
  return [...groups, ...actions];
}

const KEY = Symbol('admin');

/** provideAdmin makes the store available to the settings screen's admin sections (App.svelte). */
export function provideAdmin(s: AdminStore): AdminStore {
  return setContext(KEY, s);
}

/** useAdmin is the store App provided, or null outside it (component tests). */
export function useAdmin(): AdminStore | null {
  return getContext<AdminStore | undefined>(KEY) ?? null;
}

/** ADMIN_TABS are the admin sections of the settings screen (keys 8, 9, 0 and -). */
export const ADMIN_TABS = [['team', 'Agents'], ['widget', 'Widget & bot'], ['ai', 'AI provider'], ['audit', 'Audit log']] as const;

export const isAdminTab = (t: string): t is AdminSection => ADMIN_TABS.some(([id]) => id === t);
