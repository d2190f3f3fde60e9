import * as z from 'zod/mini';
import { schema } from './common';

/**
 * A key's id in the `FieldKey` secret's key ring: it is written into every value sealed under the key.
 * Not starting with `__`, so that no id is `__proto__`, which a plain object would not keep as a key.
 */
const FIELD_KEY_ID = /^(?!__)[A-Za-z0-9_-]{1,40}$/;

/**
 * The `FieldKey` secret as a key ring, for rotating the key (docs/field-keys.md): values are sealed
 * under `current`, and open under any key of `keys` by the id they carry. A secret that is a plain
 * string, as the stack generates it, is the ring of that one key with the id `v1`.
 *
 * @example
 * { "current": "2027-01", "keys": { "v1": "<the value before the first rotation>", "2027-01": "<64 random characters>" } }
 */
export const FieldKeyRingSchema = /* @__PURE__ */ schema(() =>
  z
    .object({
      current: z.string().check(z.regex(FIELD_KEY_ID)),
      keys: z.record(z.string().check(z.regex(FIELD_KEY_ID)), z.string().check(z.minLength(32, 'a key needs at least 32 characters'))),
    })
    .check(z.refine((ring) => Object.hasOwn(ring.keys, ring.current), { message: '`current` names no key of `keys`', path: ['current'] })),
);

export type FieldKeyRing = z.infer<typeof FieldKeyRingSchema>;

/** What `platform/reseal-fields` is invoked with: nothing to start, or the cursor its last run returned. */
export const ResealFieldsInputSchema = /* @__PURE__ */ schema(() => z.object({ cursor: z.optional(z.string().check(z.minLength(1))) }));
