// FakeSetup is the in-memory SLA, hours, assignment, custom field and tag
// settings of FakeDesk: admins may write while online, the checks name the
// form field as the server does, and custom field values are set offline
// (pending) like the replica does.
import { ApiError } from './errors';
import { emptySetup, type Assignment, type BusinessHours, type CustomField, type SetupApi, type SetupData, type SlaPolicy, type TagDef } from './setup';
import type { FakeSettingsSource } from './fakesettings';
import type { Ticket } from './types';

const STAMP = '2026-03-01T09:00:00Z';

export class FakeSetup implements SetupApi {
  data: SetupData = emptySetup();
  calls: string[] = [];
  failNext: ApiError | null = null;
  private seq = 0;

  constructor(private readonly desk: FakeSettingsSource) {}

  private write(op: string): void {
    this.calls.push(op);
    if (this.failNext) {
      const e = this.failNext;
      this.failNext = null;
      throw e;
    }
    if (!this.desk.sync.online) throw new ApiError('Changing settings needs a connection to the server — try again when you are online', 'offline');
    if (this.desk.session?.user.role !== 'admin') throw new ApiError('You are not allowed to do that', 'permission');
  }

  private id(prefix: string): string {
    this.seq++;
    return `${prefix}${this.seq}`;
  }

  async saveSlaPolicy(p: SlaPolicy): Promise<SlaPolicy> {
    this.write(`saveSlaPolicy:${p.priority}`);
    for (const [f, v] of [['firstResponse', p.firstResponseMinutes], ['resolution', p.resolutionMinutes]] as const) {
      if (v < 0 || v > 525600) throw new ApiError('Must be between 1 minute and 365 days (empty: no target)', 'invalid', f);
    }
    const prev = this.data.slaPolicies.find((x) => x.priority === p.priority);
    const out = { ...p, id: prev?.id || p.id || this.id('sla'), updatedAt: STAMP };
    this.data.slaPolicies = [...this.data.slaPolicies.filter((x) => x.priority !== p.priority), out];
    return { ...out };
  }

  async deleteSlaPolicy(id: string): Promise<void> {
    this.write(`deleteSlaPolicy:${id}`);
    this.data.slaPolicies = this.data.slaPolicies.filter((x) => x.id !== id);
  }

  async saveBusinessHours(h: BusinessHours): Promise<BusinessHours> {
    this.write('saveBusinessHours');
    if (h.timeZone && !/^[A-Za-z_]+(\/[A-Za-z_+-]+)*$/.test(h.timeZone)) throw new ApiError('Is not a known time zone', 'invalid', 'timeZone');
    if (h.days.some((d) => !(d.open < d.close))) throw new ApiError('Each day must close after it opens', 'invalid', 'days');
    if (h.holidays.some((d) => !/^\d{4}-\d{2}-\d{2}$/.test(d))) throw new ApiError('Holidays are YYYY-MM-DD dates', 'invalid', 'holidays');
    this.data.businessHours = { ...structuredClone(h), id: this.data.businessHours.id || this.id('hours'), updatedAt: STAMP };
    return structuredClone(this.data.businessHours);
  }

  async saveAssignment(a: Assignment): Promise<Assignment> {
    this.write(`saveAssignment:${a.mode}`);
    if (!['off', 'round_robin', 'least_loaded'].includes(a.mode)) throw new ApiError('Choose off, round robin or least loaded', 'invalid', 'mode');
    this.data.assignment = { ...a, id: this.data.assignment.id || this.id('assign'), updatedAt: STAMP };
    return { ...this.data.assignment };
  }

  async saveCustomField(f: CustomField): Promise<CustomField> {
    this.write(`saveCustomField:${f.key}`);
    if (!/^[a-z][a-z0-9_]{0,39}$/.test(f.key)) throw new ApiError('Use lower-case letters, digits and underscores, starting with a letter', 'invalid', 'key');
    if (!f.label.trim()) throw new ApiError('Must not be empty', 'invalid', 'label');
    if (this.data.customFields.some((x) => x.id !== f.id && x.key === f.key)) throw new ApiError(`There is already a field "${f.key}"`, 'invalid', 'key');
    if (f.type === 'select' && !f.options.length) throw new ApiError('A select field needs at least one option', 'invalid', 'options');
    const out = { ...f, id: f.id || this.id('field'), label: f.label.trim(), options: f.type === 'select' ? [...f.options] : [], updatedAt: STAMP };
    this.data.customFields = [...this.data.customFields.filter((x) => x.id !== out.id), out].sort((a, b) => a.key.localeCompare(b.key));
    return { ...out };
  }

  async deleteCustomField(id: string): Promise<void> {
    this.write(`deleteCustomField:${id}`);
    this.data.customFields = this.data.customFields.filter((x) => x.id !== id);
  }

  async saveTag(t: TagDef): Promise<TagDef> {
    this.write(`saveTag:${t.name}`);
    const name = t.name.trim().toLowerCase();
    if (!name) throw new ApiError('Must not be empty', 'invalid', 'name');
    if (t.color && !/^#[0-9a-fA-F]{6}$/.test(t.color)) throw new ApiError('Use a colour like #3366cc', 'invalid', 'color');
    const out = { ...t, name, id: t.id || this.id('tag'), updatedAt: STAMP };
    this.data.tags = [...this.data.tags.filter((x) => x.id !== out.id), out].sort((a, b) => a.name.localeCompare(b.name));
    return { ...out };
  }

  async deleteTag(id: string): Promise<void> {
    this.write(`deleteTag:${id}`);
    this.data.tags = this.data.tags.filter((x) => x.id !== id);
  }

  async setCustomField(ticketId: string, key: string, value: string): Promise<Ticket> {
    this.calls.push(`setCustomField:${ticketId}:${key}=${value}`);
    const def = this.data.customFields.find((f) => f.key === key);
    if (!def) throw new ApiError('Is not one of the company\'s custom fields', 'invalid', `custom:${key}`);
    const v = value.trim();
    if (v && def.type === 'select' && !def.options.includes(v)) throw new ApiError('Must be one of the options', 'invalid', `custom:${key}`);
    if (v && def.type === 'number' && !Number.isFinite(Number(v))) throw new ApiError('Must be a number', 'invalid', `custom:${key}`);
    const t = this.desk.tickets.find((x) => x.id === ticketId);
    if (!t) throw new ApiError('That ticket no longer exists', 'notfound');
    const fields = { ...(t.customFields ?? {}) };
    if (v) fields[key] = v;
    else delete fields[key];
    return this.desk.patchTicket(ticketId, { customFields: fields, pending: !this.desk.sync.online });
  }
}
