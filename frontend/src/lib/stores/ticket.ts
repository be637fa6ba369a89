// The open ticket: its thread, the reply box mode, and the actions on it.
import { get, writable, type Readable } from 'svelte/store';
import { toApiError, type ApiError, type DeskApi, type Message, type Ticket, type TicketDetail, type User } from '../api';

export type ComposeMode = 'reply' | 'note';

export interface TicketState {
  id: string;
  detail: TicketDetail | null;
  agents: User[];
  loading: boolean;
  sending: boolean;
  mode: ComposeMode;
  /** error is the last failure of a load or an action. */
  error: ApiError | null;
  /** sendError is shown beside the reply box. */
  sendError: string;
}

export interface TicketStore extends Readable<TicketState> {
  open(id: string): Promise<void>;
  /** refresh reloads the open ticket quietly after the replica changed. */
  refresh(): Promise<void>;
  /** saveDraft keeps the reply box's text for this ticket (synced, private). */
  saveDraft(body: string): Promise<void>;
  close(): void;
  setMode(mode: ComposeMode): void;
  toggleMode(): void;
  /** send posts the body as a reply or a note; it resolves true on success. */
  send(body: string): Promise<boolean>;
  setStatus(status: string): Promise<void>;
  setPriority(priority: string): Promise<void>;
  assign(userId: string): Promise<void>;
  assignToMe(): Promise<void>;
  /** applyTicket merges a ticket:updated event for the open ticket. */
  applyTicket(t: Ticket): void;
  /** applyMessage merges a message:added event for the open ticket. */
  applyMessage(m: Message): void;
}

const initial: TicketState = {
  id: '',
  detail: null,
  agents: [],
  loading: false,
  sending: false,
  mode: 'reply',
  error: null,
  sendError: '',
};

export function createTicketStore(api: DeskApi): TicketStore {
  const store = writable<TicketState>(initial);
  const { subscribe, update, set } = store;

  const action = async (fn: (id: string) => Promise<Ticket>): Promise<void> => {
    const id = get(store).id;
    if (!id) return;
    try {
      const t = await fn(id);
      update((s) => (s.id === t.id && s.detail ? { ...s, error: null, detail: { ...s.detail, ticket: t } } : s));
    } catch (e) {
      update((s) => ({ ...s, error: toApiError(e) }));
    }
  };

  const self: TicketStore = {
    subscribe,

    async open(id) {
      set({ ...initial, id, loading: true, mode: get(store).mode, agents: get(store).agents });
      try {
        const detail = await api.getTicket(id);
        update((s) => (s.id === id ? { ...s, detail, loading: false } : s));
      } catch (e) {
        update((s) => (s.id === id ? { ...s, loading: false, error: toApiError(e) } : s));
        return;
      }
      if (get(store).agents.length === 0) {
        try {
          const agents = await api.agents();
          update((s) => ({ ...s, agents }));
        } catch {
          // The assignee picker then offers only "me"; nothing else depends on it.
        }
      }
    },

    async refresh() {
      const id = get(store).id;
      if (!id || get(store).loading) return;
      try {
        const detail = await api.getTicket(id);
        update((s) => (s.id === id ? { ...s, detail } : s));
      } catch (e) {
        update((s) => (s.id === id ? { ...s, error: toApiError(e) } : s));
      }
    },

    async saveDraft(body) {
      const s = get(store);
      if (!s.id || !s.detail || s.detail.draft === body) return;
      try {
        await api.saveDraft(s.id, body);
        update((x) => (x.id === s.id && x.detail ? { ...x, detail: { ...x.detail, draft: body } } : x));
      } catch (e) {
        update((x) => ({ ...x, sendError: toApiError(e).message }));
      }
    },

    close() {
      update((s) => ({ ...initial, mode: s.mode, agents: s.agents }));
    },

    setMode(mode) {
      update((s) => ({ ...s, mode }));
    },

    toggleMode() {
      update((s) => ({ ...s, mode: s.mode === 'reply' ? 'note' : 'reply' }));
    },

    async send(body) {
      const s = get(store);
      if (!s.id || s.sending) return false;
      if (!body.trim()) {
        update((x) => ({ ...x, sendError: 'Write something first' }));
        return false;
      }
      update((x) => ({ ...x, sending: true, sendError: '' }));
      try {
        const m = s.mode === 'note' ? await api.addNote(s.id, body) : await api.reply(s.id, body);
        self.applyMessage(m);
        update((x) => ({ ...x, sending: false }));
        return true;
      } catch (e) {
        update((x) => ({ ...x, sending: false, sendError: toApiError(e).message }));
        return false;
      }
    },

    setStatus: (status) => action((id) => api.setStatus(id, status)),
    setPriority: (priority) => action((id) => api.setPriority(id, priority)),
    assign: (userId) => action((id) => api.assign(id, userId)),
    assignToMe: () => action((id) => api.assignToMe(id)),

    applyTicket(t) {
      update((s) => (s.id === t.id && s.detail ? { ...s, detail: { ...s.detail, ticket: t } } : s));
    },

    applyMessage(m) {
      update((s) => {
        if (s.id !== m.ticketId || !s.detail) return s;
        if (s.detail.messages.some((x) => x.id === m.id)) return s;
        return { ...s, detail: { ...s.detail, messages: [...s.detail.messages, m] } };
      });
    },
  };
  return self;
}
