// The sign-in state: who is signed in, the login form's errors, and the
// values the form starts with.
import { get, writable, type Readable } from 'svelte/store';
import { toApiError, type DeskApi, type InviteInput, type LoginInput, type Remembered, type Session } from '../api';

export interface SessionState {
  ready: boolean;
  session: Session | null;
  remembered: Remembered;
  busy: boolean;
  /** error is a message for the whole form ("Wrong company, …"). */
  error: string;
  /** fieldErrors are shown beside their fields, keyed by field name. */
  fieldErrors: Record<string, string>;
  /** canGoOffline: the server is out of reach and this account has a stored session. */
  canGoOffline: boolean;
}

export interface SessionStore extends Readable<SessionState> {
  init(): Promise<void>;
  login(input: LoginInput): Promise<boolean>;
  /** continueOffline signs in with the stored session when the server is out of reach. */
  continueOffline(input: LoginInput): Promise<boolean>;
  /** acceptInvite joins with an invitation code and signs in. */
  acceptInvite(input: InviteInput): Promise<boolean>;
  logout(): Promise<void>;
  /** signedOut applies a session:changed event that says nobody is signed in. */
  signedOut(notice: string): void;
  /** expire drops the session after the server said it ended. */
  expire(message: string): void;
  clearFieldError(field: string): void;
}

const empty: Remembered = { serverURL: '', company: '', email: '' };

export function createSessionStore(api: DeskApi): SessionStore {
  const store = writable<SessionState>({
    ready: false,
    session: null,
    remembered: empty,
    busy: false,
    error: '',
    fieldErrors: {},
    canGoOffline: false,
  });
  let offlineAvailable = false;
  const { subscribe, update } = store;

  return {
    subscribe,

    async init() {
      try {
        const st = await api.status();
        offlineAvailable = st.offlineAvailable;
        update((s) => ({ ...s, ready: true, session: st.session, remembered: st.remembered ?? empty, error: st.notice ?? '' }));
      } catch (err) {
        update((s) => ({ ...s, ready: true, error: toApiError(err).message }));
      }
    },

    async login(input) {
      const fieldErrors: Record<string, string> = {};
      if (!input.company.trim()) fieldErrors.company = 'Enter your company name';
      if (!input.email.trim()) fieldErrors.email = 'Enter your email';
      if (!input.password) fieldErrors.password = 'Enter your password';
      if (Object.keys(fieldErrors).length > 0) {
        update((s) => ({ ...s, error: '', fieldErrors }));
        return false;
      }
      if (get(store).busy) return false;
      update((s) => ({ ...s, busy: true, error: '', fieldErrors: {}, canGoOffline: false }));
      try {
        const session = await api.login(input);
        update((s) => ({
          ...s,
          busy: false,
          session,
          remembered: { serverURL: session.serverURL, company: input.company, email: input.email },
        }));
        return true;
      } catch (e) {
        const err = toApiError(e);
        const st = err.kind === 'offline' ? await api.status().catch(() => null) : null;
        if (st) offlineAvailable = st.offlineAvailable;
        update((s) => ({
          ...s,
          busy: false,
          error: err.field ? '' : err.message,
          fieldErrors: err.field ? { [err.field]: err.message } : {},
          canGoOffline: err.kind === 'offline' && offlineAvailable,
        }));
        return false;
      }
    },

    async acceptInvite(input) {
      if (get(store).busy) return false;
      update((s) => ({ ...s, busy: true, error: '', fieldErrors: {}, canGoOffline: false }));
      try {
        const session = await api.acceptInvite(input);
        update((s) => ({
          ...s,
          busy: false,
          session,
          remembered: { serverURL: session.serverURL, company: session.company.name, email: session.user.email },
        }));
        return true;
      } catch (e) {
        const err = toApiError(e);
        update((s) => ({
          ...s,
          busy: false,
          error: err.field ? '' : err.message,
          fieldErrors: err.field ? { [err.field]: err.message } : {},
        }));
        return false;
      }
    },

    async continueOffline(input) {
      if (get(store).busy) return false;
      update((s) => ({ ...s, busy: true, error: '', fieldErrors: {} }));
      try {
        const session = await api.continueOffline(input);
        update((s) => ({ ...s, busy: false, session, canGoOffline: false }));
        return true;
      } catch (e) {
        const err = toApiError(e);
        update((s) => ({
          ...s,
          busy: false,
          error: err.field ? '' : err.message,
          fieldErrors: err.field ? { [err.field]: err.message } : {},
        }));
        return false;
      }
    },

    signedOut(notice) {
      update((s) => (s.session ? { ...s, session: null, error: notice } : s));
    },

    async logout() {
      try {
        await api.logout();
      } finally {
        update((s) => ({ ...s, session: null, error: '', fieldErrors: {} }));
      }
    },

    expire(message) {
      update((s) => ({ ...s, session: null, error: message }));
    },

    clearFieldError(field) {
      update((s) => {
        if (!(field in s.fieldErrors)) return s;
        const fieldErrors = { ...s.fieldErrors };
        delete fieldErrors[field];
        return { ...s, fieldErrors };
      });
    },
  };
}
