import { get } from 'svelte/store';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api';
import { FakeDesk } from '../api/fake';
import { createSearchStore, searchTitle } from './search';

async function signedIn(): Promise<FakeDesk> {
  const api = new FakeDesk();
  await api.login({ serverURL: '', company: 'Northwind Bikes', email: 'maya@northwind.test', password: 'frontline-demo', remember: false });
  api.addTicket({ subject: 'Brakes squeal after rain' }, 'The front brake squeals on every descent.');
  api.addTicket({ subject: 'Tubeless setup leaks air', status: 'pending' }, 'Sealant keeps leaking at the valve.');
  api.addTicket({ subject: 'Refund amount lower than expected', status: 'resolved' }, 'The refund was 20 euros short.');
  api.addArticle({ title: 'Brake pads: when to replace them', body: 'Replace brake pads when the groove is gone.' });
  api.calls = [];
  return api;
}

describe('search store', () => {
  let api: FakeDesk;
  beforeEach(async () => {
    vi.useFakeTimers();
    api = await signedIn();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('searches as you type, once per pause (debounced)', async () => {
    const search = createSearchStore(api, 60);
    search.openPalette();
    search.setText('b');
    search.setText('br');
    search.setText('bra');
    expect(api.calls.filter((c) => c.startsWith('search:'))).toEqual([]);
    await vi.advanceTimersByTimeAsync(60);
    expect(api.calls.filter((c) => c.startsWith('search:'))).toEqual(['search:bra']);
    const s = get(search);
    expect(s.results?.tickets.map((t) => t.subject)).toEqual(['Brakes squeal after rain']);
    expect(s.results?.articles.map((a) => a.title)).toEqual(['Brake pads: when to replace them']);
    expect(s.mode).toBe('lexical only');
    expect(searchTitle(s)).toBe('Frontline - Search "bra" (2)');
  });

  it('ignores a slower, older answer', async () => {
    const search = createSearchStore(api, 60);
    search.openPalette();
    let release!: () => void;
    const real = api.search.bind(api);
    api.search = (text, f) =>
      text === 'refund' ? new Promise((r) => (release = () => r(real(text, f)))) : real(text, f);
    search.setText('refund');
    await vi.advanceTimersByTimeAsync(60);
    search.setText('tubeless');
    await vi.advanceTimersByTimeAsync(60);
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(get(search).results?.query).toBe('tubeless');
    expect(get(search).results?.tickets.map((t) => t.subject)).toEqual(['Tubeless setup leaks air']);
  });

  it('filters by status chips and scope', async () => {
    const search = createSearchStore(api, 60);
    search.openPalette();
    search.setText('e'); // matches everything
    await vi.advanceTimersByTimeAsync(60);
    expect(get(search).results?.tickets).toHaveLength(3);
    search.toggleStatus('pending');
    await vi.advanceTimersByTimeAsync(0);
    expect(get(search).results?.tickets.map((t) => t.subject)).toEqual(['Tubeless setup leaks air']);
    search.toggleStatus('resolved');
    await vi.advanceTimersByTimeAsync(0);
    expect(get(search).results?.tickets).toHaveLength(2);
    search.toggleStatus('pending');
    search.toggleStatus('resolved');
    search.setScope('kb');
    await vi.advanceTimersByTimeAsync(0);
    expect(get(search).results?.tickets).toEqual([]);
    expect(get(search).results?.articles).toHaveLength(1);
  });

  it('moves through tickets then articles and says what Enter opens', async () => {
    const search = createSearchStore(api, 60);
    search.openPalette();
    search.setText('brake');
    await vi.advanceTimersByTimeAsync(60);
    const [ticket] = get(search).results!.tickets;
    const [article] = get(search).results!.articles;
    expect(search.current()).toEqual({ kind: 'ticket', id: ticket.id });
    search.move(1);
    expect(search.current()).toEqual({ kind: 'article', id: article.id });
    search.move(1);
    expect(get(search).selected).toBe(1);
    search.move(-5);
    expect(get(search).selected).toBe(0);
  });

  it('keeps the selection on the same item when results refresh', async () => {
    const search = createSearchStore(api, 60);
    search.openPalette();
    search.setText('brake');
    await vi.advanceTimersByTimeAsync(60);
    search.move(1); // the article
    api.addTicket({ subject: 'Brake lever loose' }); // synced meanwhile
    await search.run();
    expect(get(search).results?.tickets).toHaveLength(2);
    expect(search.current()?.kind).toBe('article');
  });

  it('returns highlight spans over the text', async () => {
    const search = createSearchStore(api, 60);
    search.openPalette();
    search.setText('squeal');
    await vi.advanceTimersByTimeAsync(60);
    const hit = get(search).results!.tickets[0];
    expect(hit.subjectSpans.map((s) => hit.subject.slice(s.start, s.end))).toEqual(['squeal']);
    expect(hit.snippetSpans.map((s) => hit.snippet.slice(s.start, s.end))).toEqual(['squeal']);
  });

  it('opens and closes a KB article', async () => {
    const search = createSearchStore(api, 60);
    search.openPalette();
    const id = api.articles[0].id;
    await search.openArticle(id);
    expect(get(search).article?.title).toBe('Brake pads: when to replace them');
    expect(searchTitle(get(search))).toBe('Frontline - Article: Brake pads: when to replace them');
    search.closeArticle();
    expect(get(search).article).toBeNull();
    await search.openArticle('gone');
    expect(get(search).error?.kind).toBe('notfound');
  });

  it('keeps the error and clears it on the next answer', async () => {
    const search = createSearchStore(api, 60);
    search.openPalette();
    api.calls = [];
    api.failNext = new ApiError('Please sign in first', 'auth');
    search.setText('brake');
    await vi.advanceTimersByTimeAsync(60);
    expect(get(search).error?.kind).toBe('auth');
    search.setText('brakes');
    await vi.advanceTimersByTimeAsync(60);
    expect(get(search).error).toBeNull();
  });

  it('does not search while closed, and empty text clears results', async () => {
    const search = createSearchStore(api, 60);
    search.setText('brake');
    await vi.advanceTimersByTimeAsync(60);
    expect(api.calls.filter((c) => c.startsWith('search:'))).toEqual([]);
    search.openPalette();
    await vi.advanceTimersByTimeAsync(0);
    expect(get(search).results?.tickets).toHaveLength(1);
    search.setText('  ');
    await vi.advanceTimersByTimeAsync(60);
    expect(get(search).results).toBeNull();
    expect(searchTitle(get(search))).toBe('Frontline - Search');
    search.close();
    expect(get(search).open).toBe(false);
  });
});
