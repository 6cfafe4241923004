import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join, resolve } from 'node:path';
import { z } from 'zod';

/** The ApplicationId the built-in sandbox accepts; used in demo mode. */
export const SANDBOX_APPLICATION_ID = '0f5f24a0-0000-4000-8000-000000000024';

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  SANDBOX_PORT: z.coerce.number().int().min(0).max(65535).default(7324),
  HOST: z.string().default('127.0.0.1'),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL må starte med postgres://')
    .optional(),
  BROEN_SECRET_KEY: z.string().optional(),
  BROEN_SECRET_KEY_OLD: z.string().optional(),
  TWENTYFOUR_BASE_URL: z.string().url().optional(),
  TWENTYFOUR_APPLICATION_ID: z.string().uuid().optional(),
  TWENTYFOUR_CALLS_PER_HOUR: z.coerce
    .number({ message: 'TWENTYFOUR_CALLS_PER_HOUR må være et helt tall' })
    .int('TWENTYFOUR_CALLS_PER_HOUR må være et helt tall')
    .min(1, 'TWENTYFOUR_CALLS_PER_HOUR må være minst 1')
    .default(7200),
  TWENTYFOUR_BUDGET_SCOPE: z
    .enum(['application', 'host', 'installation'], {
      message: 'TWENTYFOUR_BUDGET_SCOPE må være application, host eller installation',
    })
    .default('application'),
  BROEN_METRICS_TOKEN: z.string().min(16, 'BROEN_METRICS_TOKEN må være minst 16 tegn').optional(),
  BROEN_METRICS_PORT: z.coerce
    .number({ message: 'BROEN_METRICS_PORT må være et portnummer' })
    .int()
    .min(0)
    .max(65535)
    .optional(),
  BROEN_STOP_TIMEOUT_MS: z.coerce
    .number({ message: 'BROEN_STOP_TIMEOUT_MS må være et antall millisekunder' })
    .int()
    .min(0)
    .default(25_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TRUST_PROXY: z
    .string()
    .optional()
    .transform((text, ctx) => {
      const trust = parseTrustProxy(text);
      if (trust) return trust;
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: TRUST_PROXY_HELP(text ?? '') });
      return z.NEVER;
    }),
});

/**
 * Which reverse proxies may tell Broen the client's address (`X-Forwarded-For`) and scheme
 * (`X-Forwarded-Proto`): none (headers ignored), the nearest `hops` connections, or peers whose
 * address is in `addresses` (IPs and CIDR ranges, IPv4 or IPv6).
 */
export type TrustProxy =
  | { mode: 'off' }
  | { mode: 'hops'; hops: number }
  | { mode: 'addresses'; addresses: string[] };

const TRUST_PROXY_HELP = (text: string) =>
  `«${text}» er ikke en gyldig verdi. Bruk false (standard), true (stol på nærmeste proxy), ` +
  'et antall proxyer foran Broen fra 1 til 10 (f.eks. 2) eller en kommaliste med proxyenes IP-adresser ' +
  'eller CIDR-områder (f.eks. 127.0.0.1,10.0.0.0/8).';

/**
 * Reads TRUST_PROXY: unset, empty or `false` → off; `true` → 1 hop; a whole number N ≥ 1 →
 * N hops; otherwise a comma list of IPs/CIDRs. Undefined when the text is none of these.
 * @example parseTrustProxy('10.0.0.0/8, ::1') // { mode: 'addresses', addresses: ['10.0.0.0/8', '::1'] }
 */
export function parseTrustProxy(text: string | undefined): TrustProxy | undefined {
  const value = (text ?? '').trim().toLowerCase();
  if (value === '' || value === 'false') return { mode: 'off' };
  if (value === 'true') return { mode: 'hops', hops: 1 };
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    return hops >= 1 && hops <= 10 ? { mode: 'hops', hops } : undefined;
  }
  const addresses = value.split(',').map((part) => part.trim());
  return addresses.every(isAddressOrRange) ? { mode: 'addresses', addresses } : undefined;
}

function isAddressOrRange(text: string): boolean {
  const [address, prefix, ...rest] = text.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

export interface Config {
  port: number;
  sandboxPort: number;
  host: string;
  dataDir: string;
  /** `postgres://…` or undefined for the embedded SQLite file in dataDir. */
  databaseUrl: string | undefined;
  /** 32-byte key for stored 24SO credentials. */
  secretKey: Buffer;
  /**
   * Keys in use before a key rotation (BROEN_SECRET_KEY_OLD, comma-separated): still accepted for
   * reading until `broen secret rotate` has re-sealed everything with secretKey.
   */
  previousSecretKeys?: Buffer[];
  /** Where the 24SO services live; undefined means "the real 24SO hosts". */
  twentyFourBaseUrl: string | undefined;
  twentyFourApplicationId: string | undefined;
  /** The 24SO call budget every process shares: calls per clock hour, and what it is counted per. */
  twentyFourBudget: { callsPerHour: number; scope: BudgetScope };
  logLevel: string;
  /** Bearer token `GET /metrics` requires; unset → /metrics on the app port answers 404. */
  metricsToken?: string;
  /** A separate listener serving only /metrics (any process, workers too); unset → none. */
  metricsPort?: number;
  /** How long a SIGTERM/SIGINT waits for the running job before the process exits anyway. */
  stopTimeoutMs?: number;
  /** Which reverse proxies' X-Forwarded-For/-Proto headers are believed; off by default. */
  trustProxy: TrustProxy;
  /** Demo mode: embedded sandbox, generated secret key, seeded workspace. */
  demo: boolean;
}

/**
 * What one 24SO call budget is counted per: every process using the same ApplicationId
 * (`application`, the default), each host separately (`host`: 24SO counts per IP address, so
 * hosts with their own outgoing address each get the full budget), or the whole installation
 * whatever its ApplicationId (`installation`).
 */
export type BudgetScope = 'application' | 'host' | 'installation';

export class ConfigError extends Error {
  readonly retryable = false;
}

/**
 * Reads the environment into a typed config. In demo mode a missing secret key is
 * generated into DATA_DIR, so a laptop needs no set-up step.
 * @example const config = loadConfig(process.env, { demo: true });
 */
export function loadConfig(env: NodeJS.ProcessEnv, options: { demo: boolean }): Config {
  const e = parseEnv(env);
  const dataDir = resolve(e.DATA_DIR);
  return {
    port: e.PORT,
    sandboxPort: e.SANDBOX_PORT,
    host: e.HOST,
    dataDir,
    databaseUrl: e.DATABASE_URL,
    secretKey: readSecretKey(e.BROEN_SECRET_KEY, dataDir, options.demo),
    previousSecretKeys: (e.BROEN_SECRET_KEY_OLD ?? '')
      .split(',')
      .map((text) => text.trim())
      .filter((text) => text !== '')
      .map((text) => decodeKey(text, 'BROEN_SECRET_KEY_OLD')),
    twentyFourBaseUrl: e.TWENTYFOUR_BASE_URL,
    twentyFourApplicationId:
      e.TWENTYFOUR_APPLICATION_ID ?? (options.demo ? SANDBOX_APPLICATION_ID : undefined),
    twentyFourBudget: { callsPerHour: e.TWENTYFOUR_CALLS_PER_HOUR, scope: e.TWENTYFOUR_BUDGET_SCOPE },
    logLevel: e.LOG_LEVEL,
    metricsToken: e.BROEN_METRICS_TOKEN,
    metricsPort: e.BROEN_METRICS_PORT,
    stopTimeoutMs: e.BROEN_STOP_TIMEOUT_MS,
    trustProxy: e.TRUST_PROXY,
    demo: options.demo,
  };
}

/**
 * The configuration without the secret keys, for the commands that read no sealed value
 * (`migrate`, `workspace create`, `user create`, `token …`, `sandbox`): they neither ask for
 * BROEN_SECRET_KEY nor generate one into DATA_DIR, so a deploy step can run them with nothing
 * but DATABASE_URL.
 * @example const { databaseUrl, dataDir } = loadConfigWithoutKeys(process.env);
 */
export function loadConfigWithoutKeys(
  env: NodeJS.ProcessEnv,
): Pick<Config, 'databaseUrl' | 'dataDir' | 'host' | 'port' | 'sandboxPort' | 'logLevel'> {
  const e = parseEnv(env);
  return {
    databaseUrl: e.DATABASE_URL,
    dataDir: resolve(e.DATA_DIR),
    host: e.HOST,
    port: e.PORT,
    sandboxPort: e.SANDBOX_PORT,
    logLevel: e.LOG_LEVEL,
  };
}

function parseEnv(env: NodeJS.ProcessEnv): z.output<typeof envSchema> {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid environment:\n  ${lines.join('\n  ')}`);
  }
  return parsed.data;
}

function readSecretKey(fromEnv: string | undefined, dataDir: string, demo: boolean): Buffer {
  if (fromEnv) return decodeKey(fromEnv, 'BROEN_SECRET_KEY');
  const file = join(dataDir, 'secret.key');
  if (existsSync(file)) return decodeKey(readFileSync(file, 'utf8').trim(), file);
  if (!demo) {
    throw new ConfigError(
      "BROEN_SECRET_KEY is not set. Generate one with: node -e \"console.log(require('crypto').randomBytes(32).toString('base64'))\"",
    );
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  writeFileSync(file, key.toString('base64'), { mode: 0o600 });
  return key;
}

function decodeKey(text: string, source: string): Buffer {
  const key = Buffer.from(text, 'base64');
  if (key.length !== 32)
    throw new ConfigError(`${source} must be 32 bytes, base64-encoded (got ${key.length})`);
  return key;
}
