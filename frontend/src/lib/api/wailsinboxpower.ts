// The saved views, bulk and digest bindings (app.Views, app.Bulk, app.Digest); see wails.ts.
import * as ViewsGo from '../../../wailsjs/go/app/Views';
import * as BulkGo from '../../../wailsjs/go/app/Bulk';
import * as DigestGo from '../../../wailsjs/go/app/Digest';
import { app } from '../../../wailsjs/go/models';
import { call } from './errors';
import type { BulkResult, Digest, InboxPowerApi, SavedView, ViewCounts } from './inboxpower';
import type { Ticket } from './types';

export function wailsInboxPower(): InboxPowerApi {
  return {
    views: {
      list: () => call(() => ViewsGo.List() as Promise<SavedView[]>),
      save: (v) => call(() => ViewsGo.Save(app.SavedViewDTO.createFrom(v)) as Promise<SavedView>),
      delete: (id) => call(() => ViewsGo.Delete(id)),
      run: (v, limit) => call(() => ViewsGo.Run(app.SavedViewDTO.createFrom(v), limit) as Promise<Ticket[]>),
      runSaved: (id, limit) => call(() => ViewsGo.RunSaved(id, limit) as Promise<Ticket[]>),
      counts: () => call(() => ViewsGo.Counts() as Promise<ViewCounts>),
    },
    bulk: (req) => call(() => BulkGo.Apply(app.BulkRequestDTO.createFrom(req)) as Promise<BulkResult>),
    digest: {
      get: () => call(() => DigestGo.Get() as Promise<Digest>),
      dismiss: () => call(() => DigestGo.Dismiss()),
    },
  };
}
