// The SLA, hours, assignment, custom field and tag bindings (app.Settings,
// Tickets.SetCustomField); see wails.ts.
import * as SettingsGo from '../../../wailsjs/go/app/Settings';
import * as TicketsGo from '../../../wailsjs/go/app/Tickets';
import { app } from '../../../wailsjs/go/models';
import { call } from './errors';
import type { Assignment, BusinessHours, CustomField, SetupApi, SlaPolicy, TagDef } from './setup';
import type { Ticket } from './types';

export function wailsSetup(): SetupApi {
  return {
    saveSlaPolicy: (p) => call(() => SettingsGo.SaveSLAPolicy(app.SLAPolicyDTO.createFrom(p)) as Promise<SlaPolicy>),
    deleteSlaPolicy: (id) => call(() => SettingsGo.DeleteSLAPolicy(id)),
    saveBusinessHours: (h) => call(() => SettingsGo.SaveBusinessHours(app.BusinessHoursDTO.createFrom(h)) as Promise<BusinessHours>),
    saveAssignment: (a) => call(() => SettingsGo.SaveAssignment(app.AssignmentDTO.createFrom(a)) as Promise<Assignment>),
    saveCustomField: (f) => call(() => SettingsGo.SaveCustomField(app.CustomFieldDTO.createFrom(f)) as Promise<CustomField>),
    deleteCustomField: (id) => call(() => SettingsGo.DeleteCustomField(id)),
    saveTag: (t) => call(() => SettingsGo.SaveTag(app.TagDTO.createFrom(t)) as Promise<TagDef>),
    deleteTag: (id) => call(() => SettingsGo.DeleteTag(id)),
    setCustomField: (id, key, value) => call(() => TicketsGo.SetCustomField(id, key, value) as unknown as Promise<Ticket>),
  };
}
