// The only module that imports the generated Wails bindings.
import * as SessionGo from '../../../wailsjs/go/app/Session';
import * as TicketsGo from '../../../wailsjs/go/app/Tickets';
import * as SyncGo from '../../../wailsjs/go/app/Sync';
import * as SearchGo from '../../../wailsjs/go/app/Search';
import * as AnalyticsGo from '../../../wailsjs/go/app/Analytics';
import { app } from '../../../wailsjs/go/models';
import { EventsOn, WindowSetTitle } from '../../../wailsjs/runtime/runtime';
import { call } from './errors';
import { wailsInboxPower } from './wailsinboxpower';
import { wailsCopilot } from './wailscopilot';
import { wailsAdmin } from './wailsadmin';
import { wailsSetup } from './wailssetup';
import { wailsKnowledge } from './wailsknowledge';
import { wailsCorrectTriage, wailsMacros, wailsSettings } from './wailssettings';
import type { Article, Dashboard, SearchResults } from './types';
import type { AppStatus, Attention, DeskApi, DeskEvent, Message, Queue, Session, SyncStatus, Ticket, TicketDetail, User } from './types';

// The generated model classes are structurally the DTOs in ./types; the casts
// only drop their constructors.
export function wailsApi(): DeskApi {
  const inboxPower = wailsInboxPower();
  return {
    inboxPower,
    copilot: wailsCopilot(),
    settings: wailsSettings(),
    admin: wailsAdmin(),
    macros: wailsMacros(),
    setup: wailsSetup(),
    knowledge: wailsKnowledge(),
    correctTriage: wailsCorrectTriage,
    presence: (id, typing, leaving) => call(() => TicketsGo.Presence(id, typing, leaving) as Promise<import('./presence').Presence>),
    analytics: {
      dashboard: (req) => call(() => AnalyticsGo.Dashboard(app.DashboardRequest.createFrom(req)) as Promise<Dashboard>),
      exportCSV: (req) => call(() => AnalyticsGo.ExportCSV(app.DashboardRequest.createFrom(req))),
      savePNG: (dataURL, name) => call(() => AnalyticsGo.SavePNG(dataURL, name)),
    },
    status: () => call(() => SessionGo.Status() as Promise<AppStatus>),
    login: (i) => call(() => SessionGo.Login(i.serverURL, i.company, i.email, i.password, i.remember) as Promise<Session>),
    acceptInvite: (i) => call(() => SessionGo.AcceptInvite(i.serverURL, i.token, i.name, i.password, i.remember) as Promise<Session>),
    continueOffline: (i) => call(() => SessionGo.ContinueOffline(i.serverURL, i.company, i.email, i.password) as Promise<Session>),
    logout: () => call(() => SessionGo.Logout()),
    listTickets: (view) =>
      view.startsWith('saved:') ? inboxPower.views.runSaved(view.slice(6), 200) : call(() => TicketsGo.List({ view, limit: 200 }) as Promise<Ticket[]>),
    getTicket: (id) => call(() => TicketsGo.Get(id) as Promise<TicketDetail>),
    reply: (id, body) => call(() => TicketsGo.Reply(id, body) as Promise<Message>),
    addNote: (id, body) => call(() => TicketsGo.AddNote(id, body) as Promise<Message>),
    setStatus: (id, s) => call(() => TicketsGo.SetStatus(id, s) as Promise<Ticket>),
    setPriority: (id, p) => call(() => TicketsGo.SetPriority(id, p) as Promise<Ticket>),
    assign: (id, userId) => call(() => TicketsGo.Assign(id, userId) as Promise<Ticket>),
    assignToMe: (id) => call(() => TicketsGo.AssignToMe(id) as Promise<Ticket>),
    agents: () => call(() => TicketsGo.Agents() as Promise<User[]>),
    saveDraft: (id, body) => call(() => TicketsGo.SaveDraft(id, body)),
    syncStatus: () => call(() => SyncGo.Status() as Promise<SyncStatus>),
    attention: () => call(() => SyncGo.Attention() as Promise<Attention[]>),
    confirmHeld: (id) => call(() => SyncGo.Confirm(id)),
    dismiss: (id) => call(() => SyncGo.Dismiss(id)),
    reconnect: () => call(() => SyncGo.Reconnect()),
    search: (text, filter) => call(() => SearchGo.Query(text, filter) as Promise<SearchResults>),
    searchMode: () => call(() => SearchGo.Mode()),
    article: (id) => call(() => SearchGo.Article(id) as Promise<Article>),
    queue: () => call(() => TicketsGo.Queue() as Promise<Queue>),
    setTitle: (title) => WindowSetTitle(title),
    on: (event: DeskEvent, cb) => EventsOn(event, cb),
  };
}
