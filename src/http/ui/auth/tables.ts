/** One failed web login: the e-mail as typed (lower-cased), the client address and when. */
export interface LoginFailureRow {
  id: string;
  email: string;
  ip: string;
  failed_at: string;
}

/** Tables of the web login. */
export interface AuthTables {
  login_failures: LoginFailureRow;
}
