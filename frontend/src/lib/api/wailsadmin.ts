// The admin bindings (app.Admin); see wails.ts.
import * as AdminGo from '../../../wailsjs/go/app/Admin';
import { app } from '../../../wailsjs/go/models';
import { call } from './errors';
import type { AdminApi, Agent, Agents, AISettings, AITest, AuditLog, Invite, WidgetSettings } from './admin';

export function wailsAdmin(): AdminApi {
  return {
    agents: () => call(() => AdminGo.Agents() as Promise<Agents>),
    invite: (email, role) => call(() => AdminGo.Invite(email, role) as Promise<Invite>),
    setRole: (id, role) => call(() => AdminGo.SetRole(id, role) as Promise<Agent>),
    deactivate: (id) => call(() => AdminGo.Deactivate(id) as Promise<Agent>),
    updateProfile: (id, capacity, skills) => call(() => AdminGo.UpdateProfile(id, capacity, skills) as Promise<Agent>),
    availability: () => call(() => AdminGo.Availability()),
    setAvailability: (a) => call(() => AdminGo.SetAvailability(a)),
    widget: () => call(() => AdminGo.Widget() as Promise<WidgetSettings>),
    saveWidget: (w) => call(() => AdminGo.SaveWidget(app.WidgetSettingsDTO.createFrom(w)) as Promise<WidgetSettings>),
    ai: () => call(() => AdminGo.AI() as Promise<AISettings>),
    saveAI: (s, key) => call(() => AdminGo.SaveAI(app.AISettingsDTO.createFrom(s), app.AIKeyDTO.createFrom(key)) as Promise<AISettings>),
    testAI: (s, key) => call(() => AdminGo.TestAI(app.AISettingsDTO.createFrom(s), app.AIKeyDTO.createFrom(key)) as Promise<AITest>),
    auditLog: (q) => call(() => AdminGo.AuditLog(app.AuditQuery.createFrom(q)) as Promise<AuditLog>),
  };
}
