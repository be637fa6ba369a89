// The SLA & hours, assignment, custom field and tag sections of the
// settings screen, and the ticket sidebar's custom fields. The settings are
// read from the replica with the rest (api.settings.list); saving needs the
// server, and a refusal puts its reason beside the field it names. Setting a
// ticket's field works offline (the ticket comes back pending).
import { getContext, setContext } from 'svelte';
import { readable, writable, type Readable } from 'svelte/store';
import {
  emptySetup,
  toApiError,
  type Assignment,
  type BusinessHours,
  type CustomField,
  type Settings,
  type SettingsApi,
  type SetupApi,
  type SetupData,
  type SlaPolicy,
  type TagDef,
  type Ticket,
} from '../api';

export interface SetupState {
  loading: boolean;
  data: SetupData;
  canEdit: boolean;
  online: boolean;
  error: string;
  saving: boolean;
  /** fieldErrors maps a form field ("firstResponse", "key", "custom:order_kind") to the reason. */
  fieldErrors: Record<string, string>;
  formError: string;
  notice: string;
}

export interface SetupStore extends Readable<SetupState> {
  load(): Promise<void>;
  /** use takes the sections from settings already read (the settings screen's load). */
  use(all: Settings): void;
  saveSlaPolicy(p: SlaPolicy): Promise<SlaPolicy | null>;
  deleteSlaPolicy(id: string): Promise<boolean>;
  saveBusinessHours(h: BusinessHours): Promise<BusinessHours | null>;
  saveAssignment(a: Assignment): Promise<Assignment | null>;
  saveCustomField(f: CustomField): Promise<CustomField | null>;
  deleteCustomField(id: string): Promise<boolean>;
  saveTag(t: TagDef): Promise<TagDef | null>;
  deleteTag(id: string): Promise<boolean>;
  /** setTicketField sets a ticket's custom field; the ticket as now seen, or null (reason in fieldErrors). */
  setTicketField(ticketId: string, key: string, value: string): Promise<Ticket | null>;
  /** fail shows a reason that names no server call (a form's own check). */
  fail(field: string, message: string): void;
  clearErrors(field?: string): void;
}

const initial = (): SetupState => ({
  loading: false, data: emptySetup(), canEdit: false, online: false, error: '', saving: false, fieldErrors: {}, formError: '', notice: '',
});

export const newCustomField = (): CustomField => ({ id: '', key: '', label: '', type: 'text', options: [], requiredToResolve: false, updatedAt: '' });
export const newTag = (): TagDef => ({ id: '', name: '', color: '#3366cc', description: '', updatedAt: '' });

function fromSettings(all: Settings): Pick<SetupState, 'data' | 'canEdit' | 'online'> {
  const e = emptySetup();
  const data: SetupData = {
    slaPolicies: all.slaPolicies ?? e.slaPolicies,
    businessHours: all.businessHours ?? e.businessHours,
    assignment: all.assignment ?? e.assignment,
    customFields: all.customFields ?? e.customFields,
    tags: all.tags ?? e.tags,
  };
  return { data, canEdit: all.canEdit, online: all.online };
}

const KEY = Symbol('setup');

/** provideSetup makes the store available to the settings sections and the ticket sidebar (App.svelte). */
export function provideSetup(s: SetupStore): SetupStore {
  return setContext(KEY, s);
}

/** useSetup is the store App provided, or null outside it (component tests). */
export function useSetup(): SetupStore | null {
  return getContext<SetupStore | undefined>(KEY) ?? null;
}

function upsert<T extends { id: string }>(list: T[], item: T, key: (t: T) => string): T[] {
  return [...list.filter((x) => x.id !== item.id), item].sort((a, b) => key(a).localeCompare(key(b)));
}

export function createSetupStore(api: { settings: SettingsApi; setup: SetupApi }): SetupStore {
  const store = writable<SetupState>(initial());
  const { subscribe, update } = store;
  let busy = false;

  async function save<T>(fn: () => Promise<T>, patch: (d: SetupData, r: T) => SetupData, what: string): Promise<T | null> {
    if (busy) return null;
    busy = true;
    update((s) => ({ ...s, saving: true, fieldErrors: {}, formError: '', notice: '' }));
    try {
      const r = await fn();
      update((s) => ({ ...s, saving: false, data: patch(s.data, r), notice: what }));
      return r;
    } catch (e) {
      const err = toApiError(e);
      update((s) => ({ ...s, saving: false, fieldErrors: err.field ? { [err.field]: err.message } : {}, formError: err.field ? '' : err.message }));
      return null;
    } finally {
      busy = false;
    }
  }

  const done = (r: true | null) => r === true;

  return {
    subscribe,

    async load() {
      update((s) => ({ ...s, loading: true, error: '' }));
      try {
        const all = await api.settings.list();
        update((s) => ({ ...s, loading: false, ...fromSettings(all) }));
      } catch (err) {
        update((s) => ({ ...s, loading: false, error: toApiError(err).message }));
      }
    },

    use(all) {
      update((s) => ({ ...s, ...fromSettings(all) }));
    },

    saveSlaPolicy: (p) =>
      save(() => api.setup.saveSlaPolicy(p), (d, r) => ({ ...d, slaPolicies: upsert(d.slaPolicies.filter((x) => x.priority !== r.priority || x.id === r.id), r, (x) => x.priority) }),
        `SLA for ${p.priority} saved`),

    deleteSlaPolicy: async (id) =>
      done(await save(() => api.setup.deleteSlaPolicy(id).then(() => true as const), (d) => ({ ...d, slaPolicies: d.slaPolicies.filter((x) => x.id !== id) }), 'SLA target removed')),

    saveBusinessHours: (h) => save(() => api.setup.saveBusinessHours(h), (d, r) => ({ ...d, businessHours: r }), 'Business hours saved'),

    saveAssignment: (a) => save(() => api.setup.saveAssignment(a), (d, r) => ({ ...d, assignment: r }), 'Assignment saved'),

    saveCustomField: (f) =>
      save(() => api.setup.saveCustomField(f), (d, r) => ({ ...d, customFields: upsert(d.customFields, r, (x) => x.key) }), `Field "${f.label.trim()}" saved`),

    deleteCustomField: async (id) =>
      done(await save(() => api.setup.deleteCustomField(id).then(() => true as const), (d) => ({ ...d, customFields: d.customFields.filter((x) => x.id !== id) }), 'Field deleted')),

    saveTag: (t) => save(() => api.setup.saveTag(t), (d, r) => ({ ...d, tags: upsert(d.tags, r, (x) => x.name) }), `Tag "${t.name.trim().toLowerCase()}" saved`),

    deleteTag: async (id) =>
      done(await save(() => api.setup.deleteTag(id).then(() => true as const), (d) => ({ ...d, tags: d.tags.filter((x) => x.id !== id) }), 'Tag deleted')),

    async setTicketField(ticketId, key, value) {
      const field = `custom:${key}`;
      update((s) => {
        const fe = { ...s.fieldErrors };
        delete fe[field];
        return { ...s, fieldErrors: fe };
      });
      try {
        return await api.setup.setCustomField(ticketId, key, value);
      } catch (e) {
        const err = toApiError(e);
        update((s) => ({ ...s, fieldErrors: { ...s.fieldErrors, [field]: err.message } }));
        return null;
      }
    },

    fail(field, message) {
      update((s) => ({ ...s, fieldErrors: { ...s.fieldErrors, [field]: message } }));
    },

    clearErrors(field) {
      update((s) => {
        if (!field) return { ...s, fieldErrors: {}, formError: '', notice: '' };
        const fe = { ...s.fieldErrors };
        delete fe[field];
        return { ...s, fieldErrors: fe };
      });
    },
  };
}

/** slaTick is the time now, updated every 30 seconds (clocks count down without a refetch). */
export const slaTick: Readable<number> = readable(Date.now(), (set) => {
  const h = setInterval(() => set(Date.now()), 30_000);
  return () => clearInterval(h);
});
