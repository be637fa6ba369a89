import { get } from 'svelte/store';
import { beforeEach, describe, expect, it } from 'vitest';
import { FakeDesk } from '../api/fake';
import type { KBArticle } from '../api';
import { createKnowledgeStore, filterArticles, isDirty, newArticle, tagsOf, toSave } from './knowledge';

const signIn = (api: FakeDesk, email: string) =>
  api.login({ serverURL: '', company: 'Northwind Bikes', email, password: 'frontline-demo', remember: false });

const art = (p: Partial<KBArticle>): KBArticle => ({
  id: 'x', title: '', body: '', tags: [], status: 'draft', revision: 1, authorName: '', updatedAt: '', pending: false, conflicts: 0, ...p,
});

describe('knowledge helpers', () => {
  it('filters by words across title, tags and body, and by status', () => {
    const list = [
      art({ id: '1', title: 'Brake pads', tags: ['brakes'], status: 'published' }),
      art({ id: '2', title: 'Returns', body: 'Refund within 30 days', conflicts: 1 }),
      art({ id: '3', title: 'Shipping', tags: ['delivery'] }),
    ];
    expect(filterArticles(list, '', 'all').map((a) => a.id)).toEqual(['1', '2', '3']);
    expect(filterArticles(list, 'REFUND days', 'all').map((a) => a.id)).toEqual(['2']);
    expect(filterArticles(list, 'delivery', 'draft').map((a) => a.id)).toEqual(['3']);
    expect(filterArticles(list, '', 'published').map((a) => a.id)).toEqual(['1']);
    expect(filterArticles(list, '', 'conflicts').map((a) => a.id)).toEqual(['2']);
  });

  it('parses tags and tracks unsaved changes', () => {
    expect(tagsOf(' Brakes, safety,,brakes ')).toEqual(['brakes', 'safety']);
    const a = art({ title: 'T', body: 'B', tags: ['b', 'a'] });
    expect(isDirty(toSave(a), a)).toBe(false);
    expect(isDirty({ ...toSave(a), tags: ['a', 'b'] }, a)).toBe(false);
    expect(isDirty({ ...toSave(a), status: 'published' }, a)).toBe(true);
    expect(isDirty(newArticle(), null)).toBe(false);
    expect(isDirty({ ...newArticle(), title: 'x' }, null)).toBe(true);
  });
});

describe('knowledge store', () => {
  let api: FakeDesk;
  beforeEach(async () => {
    api = new FakeDesk();
    api.users.push({ id: 'u-ada', name: 'Ada Park', email: 'ada@northwind.test', role: 'admin', active: true });
    await signIn(api, 'ada@northwind.test');
  });

  it('creates, edits offline as pending, publishes and deletes', async () => {
    const s = createKnowledgeStore(api.knowledge);
    await s.load();
    expect(get(s).data).toMatchObject({ articles: [], canEdit: true, online: true });

    const a = await s.save({ ...newArticle(), title: 'Brake pads', body: 'Replace at 1.5 mm', tags: tagsOf('Brakes') });
    expect(a).toMatchObject({ title: 'Brake pads', status: 'draft', tags: ['brakes'] });
    expect(get(s).notice).toBe('"Brake pads" saved');

    api.setSync({ online: false });
    const off = await s.save({ ...toSave(a!), body: 'Bed them in' });
    expect(off).toMatchObject({ body: 'Bed them in', pending: true });
    expect(get(s).notice).toContain('syncs when the server is reachable');
    expect(get(s).data?.articles[0]).toMatchObject({ pending: true, body: 'Bed them in' });

    expect(await s.setStatus(a!.id, 'published')).toBeNull();
    expect(get(s).formError).toContain('needs a connection');
    expect(await s.save({ ...newArticle(), title: 'New', body: 'x' })).toBeNull();
    expect(get(s).formError).toContain('needs a connection');

    api.setSync({ online: true });
    const pub = await s.setStatus(a!.id, 'published');
    expect(pub).toMatchObject({ status: 'published', pending: false, body: 'Bed them in', revision: 3 });
    expect(await s.remove(a!.id)).toBe(true);
    expect(get(s).data?.articles).toEqual([]);
  });

  it('puts a refusal beside its field and says agents only read', async () => {
    const s = createKnowledgeStore(api.knowledge);
    expect(await s.save({ ...newArticle(), title: ' ', body: 'x' })).toBeNull();
    expect(get(s).fieldErrors).toEqual({ title: 'Give the article a title' });
    s.clearErrors('title');
    expect(get(s).fieldErrors).toEqual({});

    api.users.push({ id: 'u-maya', name: 'Maya Chen', email: 'maya@northwind.test', role: 'agent', active: true });
    await signIn(api, 'maya@northwind.test');
    await s.load();
    expect(get(s).data).toMatchObject({ canEdit: false, policy: expect.stringContaining('Only admins') });
    expect(await s.save({ ...newArticle(), title: 'x', body: 'y' })).toBeNull();
    expect(get(s).formError).toContain('Only admins');
  });

  it('imports picked files with a result per file', async () => {
    const s = createKnowledgeStore(api.knowledge);
    api.knowledge.files = { '/d/returns.md': '# Returns\n\n30 days.', '/d/notes.txt': 'plain' };
    api.knowledge.picked = ['/d/returns.md', '/d/notes.txt', '/d/photo.png'];
    const res = await s.importPicked();
    expect(res?.map((r) => [r.fileName, r.ok, r.title])).toEqual([
      ['returns.md', true, 'Returns'],
      ['notes.txt', true, 'notes'],
      ['photo.png', false, ''],
    ]);
    expect(get(s).imported).toHaveLength(3);
    expect(get(s).notice).toBe('Imported 2 of 3 files as drafts');
    expect(get(s).data?.articles.map((a) => a.title)).toEqual(['notes', 'Returns']);

    api.knowledge.picked = [];
    expect(await s.importPicked()).toBeNull();
    expect(api.knowledge.calls.filter((c) => c === 'importFiles')).toHaveLength(1);
  });

  it('lists a conflict from an offline edit and resolves it with a merge', async () => {
    const s = createKnowledgeStore(api.knowledge);
    const a = await s.save({ ...newArticle(), title: 'Returns', body: 'A\nB' });
    api.setSync({ online: false });
    await s.save({ ...toSave(a!), body: 'A\nB offline' });
    // Meanwhile someone else saved revision 2 on the server.
    Object.assign(api.knowledge.articles[0], { body: 'A server\nB', revision: 2 });
    api.setSync({ online: true });
    api.knowledge.flush();
    await s.load();
    const c = get(s).data!.conflicts[0];
    expect(c).toMatchObject({ baseRevision: 1, body: 'A\nB offline', current: { body: 'A server\nB', revision: 2, conflicts: 1 } });
    expect(get(s).data?.articles[0].conflicts).toBe(1);

    const r = await s.resolve(c, 'Returns', 'A server\nB offline');
    expect(r).toMatchObject({ body: 'A server\nB offline', pending: true });
    expect(get(s).data?.conflicts).toEqual([]);
    api.knowledge.flush();
    await s.load();
    expect(get(s).data?.articles[0]).toMatchObject({ body: 'A server\nB offline', revision: 3, pending: false, conflicts: 0 });
    expect(await s.resolve(c, 'Returns', 'x')).toBeNull();
    expect(get(s).formError).toBe('This conflict was already resolved');
  });
});
