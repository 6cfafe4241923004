// 24SO allows a fixed number of calls an hour and blocks the caller ("quarantine") when they
// are used up. A CallBudget is the account every call is taken from before it is sent; the
// app keeps one in the database, shared by all its processes (src/integration/call-budget.ts).

/** The account of 24SO calls a session takes from; shared by every session that is handed it. */
export interface CallBudget {
  /**
   * Takes one call from the budget, or throws RateLimitError (with the time the budget opens
   * again) when the hour's calls are used up or 24SO has put us in quarantine. Nothing is sent
   * after a refusal, so a refused call certainly did not run.
   */
  take(): Promise<void>;
  /** Records that 24SO refuses calls until `until` (a quarantine, or APILimitRemaining = 0). */
  quarantine(until: Date): Promise<void>;
}
