// The triage chips of the ticket header: category, priority, sentiment and
// language with their confidence, a check to confirm and a list to correct
// each in one click or keypress. Labels come from the ticket (the server's
// triage worker); before the server triaged a ticket, or offline, the
// copilot's local triage fills in, marked as such. Corrections are queued
// like every change, so they work offline and show as pending until synced.
import { get, writable, type Readable } from 'svelte/store';
import { PRIORITIES, toApiError, type DeskApi, type Ticket, type Triage, type TriageField } from '../api';

export const TRIAGE_FIELDS: TriageField[] = ['category', 'priority', 'sentiment', 'language'];
export const SENTIMENT_LABELS = ['negative', 'neutral', 'positive'];

/** Chip is one triage label as the header shows it. */
export interface Chip {
  field: TriageField;
  label: string;
  confidence: number;
  /** corrected: an agent set or confirmed it. */
  corrected: boolean;
  /** pending: corrected here, not yet confirmed by the server. */
  pending: boolean;
  /** local: computed on this computer (the server has not triaged the ticket). */
  local: boolean;
  /** options are the labels a correction may choose. */
  options: string[];
  /** reasons say why the priority was proposed. */
  reasons: string[];
}

export interface ChipInput {
  categories: string[];
  languages: string[];
  /** local is the copilot's triage of the same ticket, used when the ticket has none. */
  local?: Triage | null;
  /** pending lists the fields corrected here and not yet synced. */
  pending?: string[];
}

/** chipText is what a chip reads: "Billing 82%", "Billing ✓" once corrected. */
export function chipText(c: Chip): string {
  if (!c.label) return '—';
  return c.corrected ? `${c.label} ✓` : `${c.label} ${Math.round(Math.max(0, Math.min(1, c.confidence)) * 100)}%`;
}

/**
 * triageChips builds the four chips of a ticket. Each label comes from the
 * ticket's triage (the server's, with agents' corrections); a label the
 * ticket does not have yet comes from the local triage, marked local.
 */
export function triageChips(t: Ticket, inp: ChipInput): Chip[] {
  const tr = t.triage ?? null;
  const local = inp.local && inp.local.ticketId === t.id ? inp.local : null;
  const options: Record<TriageField, string[]> = {
    category: inp.categories,
    priority: [...PRIORITIES],
    sentiment: SENTIMENT_LABELS,
    language: inp.languages,
  };
  return TRIAGE_FIELDS.map((field) => {
    let label = '';
    let confidence = 0;
    let corrected = false;
    let fromLocal = false;
    let reasons: string[] = [];
    if (field === 'priority' && tr?.corrected.includes('priority')) {
      // An agent set the priority: the ticket's own priority is the label.
      label = t.priority;
      confidence = 1;
      corrected = true;
      reasons = tr.priorityReasons;
    } else if (tr && (tr[field].label || tr.corrected.includes(field))) {
      label = tr[field].label;
      confidence = tr[field].confidence;
      corrected = tr.corrected.includes(field);
      if (field === 'priority') reasons = tr.priorityReasons;
    } else if (local) {
      const s = local[field];
      label = s.corrected || s.label;
      confidence = s.corrected ? 1 : s.confidence;
      corrected = !!s.corrected || s.accepted;
      fromLocal = !!label;
      if (field === 'priority') reasons = local.priorityReasons;
    }
    const opts = options[field].includes(label) || !label ? options[field] : [label, ...options[field]];
    return {
      field, label, confidence, corrected, reasons, options: opts,
      local: fromLocal,
      pending: t.pending && (inp.pending ?? []).includes(field),
    };
  });
}

export interface TriageState {
  /** busy names the field being corrected ('' when none). */
  busy: string;
  error: string;
  notice: string;
  /** pending maps a ticket id to the fields corrected here since it opened. */
  pending: Record<string, string[]>;
}

export interface TriageStore extends Readable<TriageState> {
  /** correct sets a label (confirming when it is the label shown). */
  correct(t: Ticket, field: TriageField, value: string): Promise<Ticket | null>;
  /** confirm keeps the label shown as the agent's. */
  confirm(t: Ticket, chip: Chip): Promise<Ticket | null>;
  clear(): void;
}

const label = (f: string) => f[0].toUpperCase() + f.slice(1);

/** createTriageStore corrects labels; onTicket gets the ticket as changed. */
export function createTriageStore(api: Pick<DeskApi, 'correctTriage'>, onTicket: (t: Ticket) => void = () => {}): TriageStore {
  const store = writable<TriageState>({ busy: '', error: '', notice: '', pending: {} });
  const { subscribe, update } = store;

  const correct = async (t: Ticket, field: TriageField, value: string, confirming: boolean): Promise<Ticket | null> => {
    if (get(store).busy || !value.trim()) return null;
    update((s) => ({ ...s, busy: field, error: '', notice: '' }));
    try {
      const nt = await api.correctTriage(t.id, field, value);
      update((s) => {
        const was = s.pending[t.id] ?? [];
        return {
          ...s,
          busy: '',
          notice: `${label(field)} ${confirming ? 'confirmed' : `set to ${value}`}${nt.pending ? ' (pending sync)' : ''}`,
          pending: { ...s.pending, [t.id]: was.includes(field) ? was : [...was, field] },
        };
      });
      onTicket(nt);
      return nt;
    } catch (e) {
      update((s) => ({ ...s, busy: '', error: toApiError(e).message }));
      return null;
    }
  };

  return {
    subscribe,
    correct: (t, field, value) => correct(t, field, value, false),
    confirm: (t, chip) => correct(t, chip.field, chip.label, true),
    clear() {
      update((s) => ({ ...s, error: '', notice: '' }));
    },
  };
}
