#!/usr/bin/env bash
# `npm test`: every check the project has, in the order that fails fastest.
# Needs the Debian packages of scripts/install-system-deps.sh; starts what the tests need
# itself (a throwaway PostgreSQL, a throwaway unlocked keyring), and prints one summary line
# per step.
set -euo pipefail
cd "$(dirname "$0")/.."

steps=(
  "lint|npm run --silent lint"
  "typecheck|npm run --silent typecheck"
  "layers|npm run --silent layers"
  "unit and integration|bash scripts/with-keyring.sh bash scripts/with-postgres.sh npx vitest run"
  "end-to-end|bash scripts/with-keyring.sh npx playwright test"
  "electronegativity|npm run --silent electronegativity"
)

summary=()
for step in "${steps[@]}"; do
  name=${step%%|*}
  command=${step#*|}
  echo
  echo "=== $name: $command"
  started=$SECONDS
  if ! bash -c "$command"; then
    echo
    echo "=== FAILED: $name ($((SECONDS - started)) s)"
    exit 1
  fi
  summary+=("$name: passed in $((SECONDS - started)) s")
done
echo
echo "=== all checks passed"
printf '  %s\n' "${summary[@]}"
node scripts/test-totals.mjs
