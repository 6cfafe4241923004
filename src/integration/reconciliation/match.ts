import { normaliseEmail, normaliseName, normaliseNumber, normaliseOrgNumber } from './normalise.ts';
import type { MatchKey, ReconEntity } from './tables.ts';

// Pure matching of workspace records against what the 24SO client holds. Every side is indexed
// by each key once (maps from key to records), so 20,000 × 20,000 is a few hash lookups per
// record, never a pairwise comparison. A key that points at one 24SO record is a sure match; a
// key that points at several, or a match on name alone, is ambiguous and left to a person.

/** A workspace record as the matcher sees it. */
export interface LocalSide {
  id: string;
  label: string;
  name: string;
  number?: string | null;
  orgNumber?: string | null;
  email?: string | null;
  /** Projects: the workspace customer's id. */
  customerId?: string | null;
  /** The 24SO id it is linked to already (sync_records, or a worker's contact id). */
  linkedRemoteId?: string | null;
}

/** A 24SO record as the matcher sees it. */
export interface RemoteSide {
  id: string;
  label: string;
  name: string;
  number?: string | null;
  orgNumber?: string | null;
  /** Every e-mail address on the record. */
  emails?: string[];
  /** Projects: the 24SO customer id. */
  customerId?: string | null;
}

export interface Proposal {
  entity: ReconEntity;
  /** Null for a 24SO record no workspace record matched. */
  localId: string | null;
  /** The proposed 24SO record; null when there is none or it is ambiguous. */
  remoteId: string | null;
  matchedBy: MatchKey | null;
  /** `exact`: one 24SO record on a unique key; `name`: name alone; `none`: nothing matched. */
  certainty: 'exact' | 'name' | 'none';
  /** Every 24SO record the key pointed at (more than one ⇒ ambiguous). */
  candidates: string[];
  /** A person must decide (several candidates, or a name-only match). */
  ambiguous: boolean;
}

type Index = Map<string, string[]>;

function indexBy(remotes: readonly RemoteSide[], keys: (r: RemoteSide) => string[]): Index {
  const index: Index = new Map();
  for (const r of remotes) {
    for (const key of new Set(keys(r))) {
      if (!key) continue;
      const list = index.get(key);
      if (list) list.push(r.id);
      else index.set(key, [r.id]);
    }
  }
  return index;
}

interface KeyRule {
  key: MatchKey;
  local: (l: LocalSide) => string;
  index: Index;
}

/**
 * Matches one kind by its rules in order; the first rule whose key finds anything decides.
 * A 24SO record an exact rule gave to two workspace records is ambiguous for both.
 */
function matchByRules(
  entity: ReconEntity,
  locals: readonly LocalSide[],
  remotes: readonly RemoteSide[],
  rules: KeyRule[],
  nameRule: ((l: LocalSide) => string[]) | null,
): Proposal[] {
  const known = new Set(remotes.map((r) => r.id));
  const out: Proposal[] = [];
  const claims = new Map<string, number>();
  for (const l of locals) {
    if (l.linkedRemoteId && known.has(l.linkedRemoteId)) {
      out.push(sure(entity, l.id, l.linkedRemoteId, 'link'));
      claims.set(l.linkedRemoteId, (claims.get(l.linkedRemoteId) ?? 0) + 1);
      continue;
    }
    let proposal: Proposal | null = null;
    for (const rule of rules) {
      const key = rule.local(l);
      const hits = key ? rule.index.get(key) : undefined;
      if (!hits) continue;
      proposal =
        hits.length === 1
          ? sure(entity, l.id, hits[0] ?? null, rule.key)
          : {
              entity,
              localId: l.id,
              remoteId: null,
              matchedBy: rule.key,
              certainty: 'exact',
              candidates: [...hits],
              ambiguous: true,
            };
      break;
    }
    if (!proposal && nameRule) {
      const hits = nameRule(l);
      if (hits.length > 0) {
        proposal = {
          entity,
          localId: l.id,
          remoteId: hits.length === 1 ? (hits[0] ?? null) : null,
          matchedBy: 'name',
          certainty: 'name',
          candidates: [...hits],
          ambiguous: true,
        };
      }
    }
    proposal ??= {
      entity,
      localId: l.id,
      remoteId: null,
      matchedBy: null,
      certainty: 'none',
      candidates: [],
      ambiguous: false,
    };
    if (!proposal.ambiguous && proposal.remoteId) {
      claims.set(proposal.remoteId, (claims.get(proposal.remoteId) ?? 0) + 1);
    }
    out.push(proposal);
  }
  // Two workspace records sure of the same 24SO record: neither may take it unseen.
  for (const p of out) {
    if (!p.ambiguous && p.remoteId && (claims.get(p.remoteId) ?? 0) > 1 && p.matchedBy !== 'link') {
      p.ambiguous = true;
      p.candidates = [p.remoteId];
      p.remoteId = null;
    }
  }
  const used = new Set<string>();
  for (const p of out) for (const id of p.candidates) used.add(id);
  for (const r of remotes) {
    if (!used.has(r.id)) {
      out.push({
        entity,
        localId: null,
        remoteId: r.id,
        matchedBy: null,
        certainty: 'none',
        candidates: [],
        ambiguous: false,
      });
    }
  }
  return out;
}

function sure(entity: ReconEntity, localId: string, remoteId: string | null, key: MatchKey): Proposal {
  return {
    entity,
    localId,
    remoteId,
    matchedBy: key,
    certainty: 'exact',
    candidates: remoteId ? [remoteId] : [],
    ambiguous: false,
  };
}

/**
 * Customers: org. number, then customer number (24SO's company id), then e-mail, then name.
 * @example matchCustomers([{ id: 'c1', label: '10001 Nordvik', name: 'Nordvik Bygg AS', orgNumber: '923456783' }], remotes)
 */
export function matchCustomers(locals: readonly LocalSide[], remotes: readonly RemoteSide[]): Proposal[] {
  const byName = indexBy(remotes, (r) => [normaliseName(r.name)]);
  return matchByRules(
    'customer',
    locals,
    remotes,
    [
      {
        key: 'org_number',
        local: (l) => normaliseOrgNumber(l.orgNumber),
        index: indexBy(remotes, (r) => [normaliseOrgNumber(r.orgNumber)]),
      },
      {
        key: 'number',
        local: (l) => normaliseNumber(l.number),
        index: indexBy(remotes, (r) => [normaliseNumber(r.number)]),
      },
      {
        key: 'email',
        local: (l) => normaliseEmail(l.email),
        index: indexBy(remotes, (r) => (r.emails ?? []).map(normaliseEmail)),
      },
    ],
    (l) => byName.get(normaliseName(l.name)) ?? [],
  );
}

/**
 * Projects: project number (24SO's project id), then name among the projects of the 24SO
 * customer the workspace customer matched (`customerRemote`: workspace customer id → 24SO id).
 * @example matchProjects(locals, remotes, new Map([['c1', '10001']]))
 */
export function matchProjects(
  locals: readonly LocalSide[],
  remotes: readonly RemoteSide[],
  customerRemote: ReadonlyMap<string, string>,
): Proposal[] {
  const byCustomerName = indexBy(remotes, (r) => [`${r.customerId ?? ''}|${normaliseName(r.name)}`]);
  return matchByRules(
    'project',
    locals,
    remotes,
    [
      {
        key: 'number',
        local: (l) => normaliseNumber(l.number),
        index: indexBy(remotes, (r) => [normaliseNumber(r.number)]),
      },
    ],
    (l) => {
      const customer = l.customerId ? customerRemote.get(l.customerId) : '';
      if (customer === undefined) return [];
      return byCustomerName.get(`${customer}|${normaliseName(l.name)}`) ?? [];
    },
  );
}

/**
 * Products: product number only (24SO's «No»); names are too loose for goods.
 * @example matchProducts([{ id: 'p1', label: 'P-1001 Pukk', name: 'Pukk', number: 'P-1001' }], remotes)
 */
export function matchProducts(locals: readonly LocalSide[], remotes: readonly RemoteSide[]): Proposal[] {
  return matchByRules(
    'product',
    locals,
    remotes,
    [
      {
        key: 'number',
        local: (l) => normaliseNumber(l.number),
        index: indexBy(remotes, (r) => [normaliseNumber(r.number)]),
      },
    ],
    null,
  );
}

/**
 * Workers: e-mail, then name, among 24SO contacts that are employees (pass only those).
 * 24SO contacts no worker matched are not proposed for import (workers are not imported).
 * @example matchEmployees([{ id: 'e1', label: '1 Ola Nordmann', name: 'Ola Nordmann', email: 'ola@x.no' }], employees)
 */
export function matchEmployees(locals: readonly LocalSide[], remotes: readonly RemoteSide[]): Proposal[] {
  const byName = indexBy(remotes, (r) => [normaliseName(r.name)]);
  return matchByRules(
    'employee',
    locals,
    remotes,
    [
      {
        key: 'email',
        local: (l) => normaliseEmail(l.email),
        index: indexBy(remotes, (r) => (r.emails ?? []).map(normaliseEmail)),
      },
    ],
    (l) => byName.get(normaliseName(l.name)) ?? [],
  ).filter((p) => p.localId !== null);
}
