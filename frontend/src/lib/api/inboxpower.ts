// Saved views, bulk actions and the "what changed while you were away"
// digest (app.Views, app.Bulk, app.Digest). Views and the digest's
// snapshot are kept per user on this computer, never on the server.
import type { Ticket } from './types';

/** A user-defined inbox view; empty lists match anything. */
export interface SavedView {
  id: string;
  name: string;
  statuses: string[];
  priorities: string[];
  categories: string[];
  /** every tag must be on the ticket */
  tags: string[];
  /** '' anyone, 'me', 'unassigned' or a user id */
  assignee: string;
  /** running, warning, breached, met, met_late or none */
  sla: string[];
  sentiments: string[];
  languages: string[];
  /** updated, created, priority or sla */
  sort: string;
}

export interface ViewCounts {
  saved: Record<string, number>;
  builtin: Record<string, number>;
}

export type BulkAction = 'assign' | 'status' | 'priority' | 'addTag' | 'removeTag';

export interface BulkRequest {
  ids: string[];
  action: BulkAction;
  value: string;
}

export interface BulkFailure {
  id: string;
  number: number;
  message: string;
}

export interface BulkResult {
  succeeded: number;
  failed: BulkFailure[];
  tickets: Ticket[];
}

export interface DigestItem {
  ticketId: string;
  number: number;
  subject: string;
  detail: string;
}

export interface Digest {
  since: string;
  first: boolean;
  total: number;
  newTickets: DigestItem[];
  assignedToMe: DigestItem[];
  customerReplies: DigestItem[];
  statusChanges: DigestItem[];
  handovers: DigestItem[];
}

export interface ViewsApi {
  list(): Promise<SavedView[]>;
  save(v: SavedView): Promise<SavedView>;
  delete(id: string): Promise<void>;
  run(v: SavedView, limit: number): Promise<Ticket[]>;
  runSaved(id: string, limit: number): Promise<Ticket[]>;
  counts(): Promise<ViewCounts>;
}

export interface InboxPowerApi {
  views: ViewsApi;
  bulk(req: BulkRequest): Promise<BulkResult>;
  digest: { get(): Promise<Digest>; dismiss(): Promise<void> };
}

/** SAVED_PREFIX marks a saved view's id in the inbox's view name ("saved:<id>"). */
export const SAVED_PREFIX = 'saved:';

export function emptyView(): SavedView {
  return { id: '', name: '', statuses: [], priorities: [], categories: [], tags: [], assignee: '', sla: [], sentiments: [], languages: [], sort: 'updated' };
}
