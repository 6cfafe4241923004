// Row type of the embedded job engine's table; src/jobs/embedded.ts maps it.

export type JobState = 'queued' | 'running' | 'done' | 'failed';

export interface JobRow {
  id: string;
  kind: string;
  /** JSON text, validated by the job kind's handler. */
  payload: string;
  state: JobState;
  run_at: string;
  /** Handler runs that returned or threw (a takeover after a lost worker does not count). */
  attempts: number;
  max_attempts: number;
  /**
   * Takeovers after the lease ran out (the worker died or stalled) since the handler last
   * returned or threw; bounded by MAX_TAKEOVERS_IN_A_ROW (decision 81).
   */
  takeovers: number;
  lease_owner: string | null;
  lease_until: string | null;
  /** Fencing token: raised by each claim; keeping and settling check it (decision 66). */
  epoch: number;
  /** Set while queued or running, cleared when the job ends: de-duplicates live jobs. */
  unique_key: string | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
}

export interface JobTables {
  jobs: JobRow;
}
