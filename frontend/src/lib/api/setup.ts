// The SLA, business hours, assignment, custom field and tag settings
// (app/setup.go), the ticket's SLA clocks (app/sla.go) and custom field
// values (app/fields.go): shapes, their part of the api and the duration
// words the SLA form accepts.
import type { Ticket } from './types';

export interface SlaPolicy {
  id: string;
  priority: string;
  firstResponseMinutes: number;
  resolutionMinutes: number;
  businessHours: boolean;
  updatedAt: string;
}

export interface DayHours {
  /** weekday is 0 (Sunday) to 6 (Saturday). */
  weekday: number;
  open: string;
  close: string;
}

export interface BusinessHours {
  id: string;
  timeZone: string;
  days: DayHours[];
  holidays: string[];
  updatedAt: string;
}

export type AssignmentMode = 'off' | 'round_robin' | 'least_loaded';

export interface Assignment {
  id: string;
  mode: AssignmentMode | string;
  updatedAt: string;
}

export type FieldType = 'text' | 'number' | 'select' | 'checkbox' | 'date';

export interface CustomField {
  id: string;
  key: string;
  label: string;
  type: FieldType | string;
  options: string[];
  requiredToResolve: boolean;
  updatedAt: string;
}

export interface TagDef {
  id: string;
  name: string;
  color: string;
  description: string;
  updatedAt: string;
}

/** SetupData are the parts of app.SettingsDTO this file adds. */
export interface SetupData {
  slaPolicies: SlaPolicy[];
  businessHours: BusinessHours;
  assignment: Assignment;
  customFields: CustomField[];
  tags: TagDef[];
}

/** SlaClock is one SLA clock of a ticket (Ticket.sla). */
export interface SlaClock {
  target: 'first_response' | 'resolution' | string;
  due: string;
  state: 'running' | 'warning' | 'breached' | 'met' | 'met_late' | string;
  leftSeconds: number;
  businessHours: boolean;
}

/** SetupApi is the part of app.Settings and app.Tickets this file adds. */
export interface SetupApi {
  saveSlaPolicy(p: SlaPolicy): Promise<SlaPolicy>;
  deleteSlaPolicy(id: string): Promise<void>;
  saveBusinessHours(h: BusinessHours): Promise<BusinessHours>;
  saveAssignment(a: Assignment): Promise<Assignment>;
  saveCustomField(f: CustomField): Promise<CustomField>;
  deleteCustomField(id: string): Promise<void>;
  saveTag(t: TagDef): Promise<TagDef>;
  deleteTag(id: string): Promise<void>;
  /** setCustomField sets a ticket's field ('' clears); works offline (pending). */
  setCustomField(ticketId: string, key: string, value: string): Promise<Ticket>;
}

export const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
export const FIELD_TYPES: FieldType[] = ['text', 'number', 'select', 'checkbox', 'date'];

export const emptySetup = (): SetupData => ({
  slaPolicies: [],
  businessHours: { id: '', timeZone: '', days: [], holidays: [], updatedAt: '' },
  assignment: { id: '', mode: 'off', updatedAt: '' },
  customFields: [],
  tags: [],
});

/**
 * parseDuration reads "4h", "1d 2h", "90m", "1h30m" or a bare number of
 * minutes into minutes; '' is 0 (no target); null when it does not parse.
 * A day is 24 hours (with business hours the clock counts open time only).
 */
export function parseDuration(s: string): number | null {
  const t = s.trim().toLowerCase();
  if (!t) return 0;
  if (/^\d+$/.test(t)) return Number(t);
  const re = /(\d+)\s*(d|h|m)\s*/gy;
  let total = 0;
  let m: RegExpExecArray | null;
  let at = 0;
  while ((m = re.exec(t)) !== null) {
    total += Number(m[1]) * (m[2] === 'd' ? 1440 : m[2] === 'h' ? 60 : 1);
    at = re.lastIndex;
  }
  return at === t.length && at > 0 ? total : null;
}

/** formatDuration writes minutes as parseDuration reads them ("1d 2h", "90m" as "1h 30m"); 0 is ''. */
export function formatDuration(min: number): string {
  if (!min || min < 0) return '';
  const d = Math.floor(min / 1440);
  const h = Math.floor((min % 1440) / 60);
  const m = min % 60;
  return [d && `${d}d`, h && `${h}h`, m && `${m}m`].filter(Boolean).join(' ');
}

/** humanLeft says a span of seconds as "1h 20m", "3d 4h", "45s". */
export function humanLeft(sec: number): string {
  const s = Math.abs(Math.round(sec));
  if (s < 60) return `${s}s`;
  const min = Math.floor(s / 60);
  if (min < 60) return `${min}m`;
  const h = Math.floor(min / 60);
  if (h < 24) return `${h}h${min % 60 ? ` ${min % 60}m` : ''}`;
  return `${Math.floor(h / 24)}d${h % 24 ? ` ${h % 24}h` : ''}`;
}

/** shortLeft is humanLeft for a badge: at most two units, the smaller dropped from 10 up ("20h", "1d 8h", "12d"). */
export function shortLeft(sec: number): string {
  const min = Math.floor(Math.abs(Math.round(sec)) / 60);
  if (min < 60) return `${min}m`;
  const h = Math.floor(min / 60);
  if (h < 24) return h < 10 && min % 60 ? `${h}h ${min % 60}m` : `${h}h`;
  const d = Math.floor(h / 24);
  return d < 10 && h % 24 ? `${d}d ${h % 24}h` : `${d}d`;
}

/**
 * clockAt is a clock as it stands at nowMs: a wall-clock clock that is not
 * met counts from its due time; a business-hours clock stays as read (the
 * calendar lives on the Go side; the next read refreshes it).
 */
export function clockAt(c: SlaClock, nowMs: number): SlaClock {
  if (c.state === 'met' || c.state === 'met_late' || c.businessHours) return c;
  const due = Date.parse(c.due);
  if (Number.isNaN(due)) return c;
  const left = Math.round((due - nowMs) / 1000);
  const state = left < 0 ? 'breached' : c.state === 'breached' ? 'warning' : c.state;
  return { ...c, leftSeconds: left, state };
}

/** clockText is the sentence of a clock ("First response due in 1h 20m (business hours)"). */
export function clockText(c: SlaClock): string {
  const what = c.target === 'first_response' ? 'First response' : 'Resolution';
  const bh = c.businessHours ? ' (business hours)' : '';
  switch (c.state) {
    case 'met':
      return `${what} met`;
    case 'met_late':
      return `${what} met ${humanLeft(c.leftSeconds)} late`;
    case 'breached':
      return `${what} overdue by ${humanLeft(c.leftSeconds)}${bh}`;
    default:
      return `${what} due in ${humanLeft(c.leftSeconds)}${bh}`;
  }
}

/** urgentClock is the clock an inbox row shows: breached first, then the least time left; null when all are met. */
export function urgentClock(clocks: SlaClock[] | undefined): SlaClock | null {
  const open = (clocks ?? []).filter((c) => c.state !== 'met' && c.state !== 'met_late');
  if (!open.length) return null;
  return open.reduce((a, b) => (b.leftSeconds < a.leftSeconds ? b : a));
}

/** missingRequired lists the labels of required fields a ticket leaves empty (desk.MissingRequired). */
export function missingRequired(fields: CustomField[], values: Record<string, string> | undefined): string[] {
  return [...fields]
    .filter((f) => f.requiredToResolve && !(values?.[f.key] ?? ''))
    .sort((a, b) => a.key.localeCompare(b.key))
    .map((f) => f.label);
}

/** joinAnd lists names as "a", "a and b", "a, b and c". */
export function joinAnd(names: string[]): string {
  if (names.length < 2) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}
