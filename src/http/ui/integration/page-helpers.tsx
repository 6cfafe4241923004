import type { Context } from 'hono';
import { Notice } from '../components/layout.tsx';
import type { SessionUser, UiEnv } from '../context.ts';

// Small helpers shared by the 24SevenOffice pages.

/** Fixed notices by key, so no text from the address bar is ever echoed into a page. */
export const NOTICES: Record<string, { text: string; kind: 'ok' | 'error' }> = {
  tilkoblet: { text: 'Tilkoblingen er lagret. Sett opp integrasjonen under.', kind: 'ok' },
  'ny-klient-slatt-av': {
    text: 'Tilkoblet en annen klient. Integrasjonen er slått av: kontroller koblingene under før du slår den på igjen.',
    kind: 'ok',
  },
  'ny-klient': {
    text: 'Tilkoblet en annen klient. Se over koblingene med navnene i den nye klienten og bekreft dem før integrasjonen slås på.',
    kind: 'ok',
  },
  'koblinger-bekreftet': {
    text: 'Koblingene er bekreftet for den nye klienten.',
    kind: 'ok',
  },
  lagret: { text: 'Innstillingene er lagret.', kind: 'ok' },
  uendret: { text: 'Ingen endringer å lagre.', kind: 'ok' },
  testet: { text: 'Tilkoblingen er testet. Se tilstanden under.', kind: 'ok' },
  frakoblet: {
    text: 'Tilkoblingen til 24SevenOffice er fjernet. Innstillingene er tatt vare på.',
    kind: 'ok',
  },
  'ugyldige-fjernet': {
    text: 'De ugyldige koblingene er fjernet. Velg nye verdier fra klientens lister under.',
    kind: 'ok',
  },
  'ingen-ugyldige': { text: 'Alle koblingene finnes i klienten; ingenting ble fjernet.', kind: 'ok' },
  avstemt: {
    text: 'Avstemmingen er bekreftet. Eksisterende poster i 24SevenOffice er koblet, så de blir ikke duplikater når integrasjonen slås på.',
    kind: 'ok',
  },
  'slatt-pa': { text: 'Integrasjonen er slått på.', kind: 'ok' },
  'slatt-av': { text: 'Integrasjonen er slått av.', kind: 'ok' },
  utlopt: { text: 'Innloggingen er utløpt. Logg inn på nytt.', kind: 'error' },
};

/** The logged-in user; these pages are mounted behind the login check. */
export function sessionOf(c: Context<UiEnv>): SessionUser {
  const session = c.var.session;
  if (!session) throw new Error('integration pages are mounted behind the login check');
  return session;
}

/** The fixed notice named by `?melding=`, if any. */
export function notice(c: Context<UiEnv>) {
  const n = NOTICES[c.req.query('melding') ?? ''];
  return n ? <Notice text={n.text} kind={n.kind} /> : null;
}

/** A form value as trimmed text ('' for anything else). */
export const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');
