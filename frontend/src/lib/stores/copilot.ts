// The copilot panel of the open ticket: triage (computed on this computer),
// summary, reply draft, similar resolved tickets and suggested articles.
// Every part loads on its own, so a slow one never holds up the others or
// the ticket view; answers for a ticket that is no longer open are dropped.
// A draft only ever fills the reply box: nothing here sends a message.
import { get, writable, type Readable } from 'svelte/store';
import {
  toApiError,
  type ArticleSuggestions,
  type CopilotApi,
  type Draft,
  type Similar,
  type Summary,
  type Triage,
  type TriageField,
} from '../api';

export interface Section<T> {
  loading: boolean;
  data: T | null;
  error: string;
}

export interface CopilotState {
  ticketId: string;
  triage: Section<Triage>;
  summary: Section<Summary>;
  draft: Section<Draft>;
  similar: Section<Similar>;
  articles: Section<ArticleSuggestions>;
  /** busy names the triage field being accepted or corrected ('' when none). */
  busy: string;
  /** notice says what happened to the last accept or correction. */
  notice: string;
  noticeError: boolean;
}

export interface CopilotStore extends Readable<CopilotState> {
  /** open loads triage, summary, similar tickets and articles for a ticket (not the draft). */
  open(ticketId: string): Promise<void>;
  close(): void;
  /** generateDraft asks for a reply draft (the "g" key). */
  generateDraft(): Promise<void>;
  refreshTriage(): Promise<void>;
  refreshSummary(): Promise<void>;
  /** accept confirms a triage label; for priority it sets the ticket's priority. */
  accept(field: TriageField): Promise<void>;
  /** correct records the agent's label instead (priority: sets it). */
  correct(field: TriageField, label: string): Promise<void>;
}

const empty = <T>(): Section<T> => ({ loading: false, data: null, error: '' });

const initial = (): CopilotState => ({
  ticketId: '',
  triage: empty(),
  summary: empty(),
  draft: empty(),
  similar: empty(),
  articles: empty(),
  busy: '',
  notice: '',
  noticeError: false,
});

type SectionKey = 'triage' | 'summary' | 'draft' | 'similar' | 'articles';

/** SENTIMENTS are the labels a sentiment correction may choose. */
export const SENTIMENTS = ['negative', 'neutral', 'positive'];

/** percent formats a confidence for a chip. */
export function percent(c: number): string {
  return `${Math.round(Math.max(0, Math.min(1, c)) * 100)}%`;
}

/**
 * copilotMark is appended to the ticket's window title once the triage and
 * a draft are shown: " · Copilot: triage high, draft offline". The desktop
 * test under Xvfb waits on it; empty until both are there.
 */
export function copilotMark(s: CopilotState): string {
  const t = s.triage.data;
  const d = s.draft.data;
  if (!t || !d || t.ticketId !== s.ticketId || d.ticketId !== s.ticketId) return '';
  return ` · Copilot: triage ${t.priority.label || 'none'}, draft ${d.mode}`;
}

export function createCopilotStore(api: CopilotApi): CopilotStore {
  const store = writable<CopilotState>(initial());
  const { subscribe, update, set } = store;

  const load = async <T>(key: SectionKey, fn: (id: string) => Promise<T>): Promise<void> => {
    const id = get(store).ticketId;
    if (!id) return;
    update((s) => ({ ...s, [key]: { ...s[key], loading: true, error: '' } }));
    try {
      const data = await fn(id);
      update((s) => (s.ticketId === id ? { ...s, [key]: { loading: false, data, error: '' } } : s));
    } catch (e) {
      const msg = toApiError(e).message;
      update((s) => (s.ticketId === id ? { ...s, [key]: { ...s[key], loading: false, error: msg } } : s));
    }
  };

  const feedback = async (field: TriageField, label: string, accepted: boolean): Promise<void> => {
    const s0 = get(store);
    const id = s0.ticketId;
    if (!id || s0.busy || !label) return;
    update((s) => ({ ...s, busy: field, notice: '', noticeError: false }));
    try {
      const fb = accepted ? await api.accept(id, field, label) : await api.correct(id, field, label);
      update((s) => {
        if (s.ticketId !== id) return s;
        const t = s.triage.data;
        let triage = s.triage;
        if (t) {
          const scored = { ...t[field], accepted: accepted && t[field].label === fb.label, corrected: accepted ? '' : fb.label };
          triage = { ...s.triage, data: { ...t, [field]: scored, currentPriority: fb.ticket ? fb.ticket.priority : t.currentPriority } };
        }
        const what = field === 'priority' ? `Priority set to ${fb.label}` : `${field[0].toUpperCase()}${field.slice(1)} ${accepted ? 'confirmed' : `corrected to ${fb.label}`}`;
        const where = field === 'priority' ? ' (it syncs like any change).' : `. ${fb.stored}.`;
        return { ...s, busy: '', triage, notice: what + where, noticeError: false };
      });
    } catch (e) {
      update((s) => (s.ticketId === id ? { ...s, busy: '', notice: toApiError(e).message, noticeError: true } : s));
    }
  };

  return {
    subscribe,

    async open(ticketId) {
      if (!ticketId) return;
      set({ ...initial(), ticketId });
      await Promise.all([
        load('triage', (id) => api.triage(id)),
        load('summary', (id) => api.summarize(id)),
        load('similar', (id) => api.similar(id)),
        load('articles', (id) => api.suggestArticles(id)),
      ]);
    },

    close() {
      set(initial());
    },

    generateDraft: () => load('draft', (id) => api.draft(id)),
    refreshTriage: () => load('triage', (id) => api.triage(id)),
    refreshSummary: () => load('summary', (id) => api.summarize(id)),

    accept(field) {
      const t = get(store).triage.data;
      return feedback(field, t ? t[field].label : '', true);
    },

    correct: (field, label) => feedback(field, label.trim(), false),
  };
}
