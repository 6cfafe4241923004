import type { Faults } from '../../src/sandbox/faults.ts';
import type { ClientData } from '../../src/sandbox/state.ts';

// The sandbox's control API as the chaos suite uses it: add a client per workspace, set the
// faults, read the state and the call counts at the end.

export class SandboxControl {
  constructor(readonly url: string) {}

  async addClient(input: {
    name: string;
    username: string;
    password: string;
  }): Promise<{ clientId: number; identityId: string }> {
    return (await this.send('POST', '/_sandbox/clients', input)) as { clientId: number; identityId: string };
  }

  async setFaults(faults: Partial<Faults>): Promise<Faults> {
    return (await this.send('PUT', '/_sandbox/faults', faults)) as Faults;
  }

  async clients(): Promise<ClientData[]> {
    return ((await this.send('GET', '/_sandbox/state')) as { clients: ClientData[] }).clients;
  }

  /** SOAP calls per `Service.Operation` since the start. */
  async callCounts(): Promise<Record<string, number>> {
    return ((await this.send('GET', '/_sandbox/calls')) as { counts: Record<string, number> }).counts;
  }

  /** Answers the sandbox dropped among all its calls, and the Login calls by outcome (a throttled login opened no session). */
  async lostAnswers(): Promise<{ lost: number; of: number; logins: Record<string, number> }> {
    const { outcomes, logins } = (await this.send('GET', '/_sandbox/calls')) as {
      outcomes: { ok: number; fault: number; dropped: number };
      logins: Record<string, number>;
    };
    return { lost: outcomes.dropped, of: outcomes.ok + outcomes.fault + outcomes.dropped, logins };
  }

  async ready(): Promise<boolean> {
    try {
      return (await fetch(`${this.url}/_sandbox/faults`)).ok;
    } catch {
      return false;
    }
  }

  private async send(method: string, path: string, body?: unknown): Promise<unknown> {
    const response = await fetch(`${this.url}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`sandbox ${method} ${path}: ${response.status} ${text}`);
    return text === '' ? undefined : JSON.parse(text);
  }
}
