import { randomUUID } from 'node:crypto';

/** A new record id (UUID text, made in the app so both databases agree). */
export const newId = (): string => randomUUID();
