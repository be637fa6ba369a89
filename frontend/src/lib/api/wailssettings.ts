// The settings, macros and triage bindings (app.Settings, app.Macros,
// Tickets.CorrectTriage); see wails.ts.
import * as SettingsGo from '../../../wailsjs/go/app/Settings';
import * as MacrosGo from '../../../wailsjs/go/app/Macros';
import * as TicketsGo from '../../../wailsjs/go/app/Tickets';
import { app } from '../../../wailsjs/go/models';
import { call } from './errors';
import type { AppliedMacro, Category, Macro, MacrosApi, PriorityRules, Settings, SettingsApi } from './settings';
import type { Ticket } from './types';

export function wailsSettings(): SettingsApi {
  return {
    list: () => call(() => SettingsGo.List() as Promise<Settings>),
    saveCategory: (c) => call(() => SettingsGo.SaveCategory(c) as Promise<Category>),
    deleteCategory: (id) => call(() => SettingsGo.DeleteCategory(id)),
    saveMacro: (m) => call(() => SettingsGo.SaveMacro(m) as Promise<Macro>),
    deleteMacro: (id) => call(() => SettingsGo.DeleteMacro(id)),
    savePriorityRules: (p) => call(() => SettingsGo.SavePriorityRules(app.PriorityRulesDTO.createFrom(p)) as Promise<PriorityRules>),
  };
}

export function wailsMacros(): MacrosApi {
  return {
    list: () => call(() => MacrosGo.List() as Promise<Macro[]>),
    apply: (ticketId, macroId) => call(() => MacrosGo.Apply(ticketId, macroId) as Promise<AppliedMacro>),
  };
}

export function wailsCorrectTriage(id: string, field: string, value: string): Promise<Ticket> {
  return call(() => TicketsGo.CorrectTriage(id, field, value) as Promise<Ticket>);
}
