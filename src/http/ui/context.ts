import type { AppDeps } from '../deps.ts';

/** Who is logged in, resolved from the session cookie on every request. */
export interface SessionUser {
  userId: string;
  email: string;
  name: string;
  workspaceId: string;
  workspaceName: string;
  /** Per-session CSRF token, echoed in every form and in htmx's request header. */
  csrfToken: string;
  /** SHA-256 of the session id, the key in web_sessions. */
  sessionHash: string;
}

/** Hono environment of the web UI: the logged-in user, when there is one. */
export interface UiEnv {
  Variables: {
    session: SessionUser | undefined;
  };
}

/** Dependencies every UI feature gets; the same object the app is built with. */
export type UiDeps = AppDeps;
