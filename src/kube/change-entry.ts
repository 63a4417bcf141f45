import type { ChangeAction, ChangeSetEntry } from '../model/change-set.js';
import { GitfedError } from '../model/errors.js';
import { refKey, refSubject, type ObjectRef } from './object-ref.js';

/** entryFor builds an entry for a reference. */
export function entryFor(ref: ObjectRef, action: ChangeAction, reason?: string): ChangeSetEntry {
  const entry: ChangeSetEntry = { key: refKey(ref), subject: refSubject(ref), action };
  if (reason !== undefined) entry.reason = reason;
  return entry;
}

/** reasonOf is the part of an error message after its subject, so an entry does not repeat cluster and object. */
export function reasonOf(err: unknown): string {
  if (err instanceof GitfedError && err.subject && err.message.startsWith(`${err.subject}: `)) {
    return err.message.slice(err.subject.length + 2);
  }
  return err instanceof Error ? err.message : String(err);
}
