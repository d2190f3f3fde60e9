#!/usr/bin/env bash
# `npm test`: the type-check and the vitest projects side by side, so the type-check's wall time
# overlaps the suite's global setups (on 2 cores its CPU still counts). Fails when either fails;
# arguments go to vitest.
set -u
cd "$(dirname "$0")/.."
npm run -s typecheck &
typecheck=$!
npx vitest run "$@"
suite=$?
wait "$typecheck"
types=$?
if [ "$types" -ne 0 ]; then echo "npm test: the type-check failed (npm run typecheck)" >&2; fi
[ "$types" -eq 0 ] && [ "$suite" -eq 0 ]
