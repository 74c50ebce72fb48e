#!/usr/bin/env bash
# `npm run test:postgresql`: the integration suite on PostgreSQL. Uses TEST_POSTGRES_URL when set,
# otherwise starts a throwaway local server (scripts/postgres-cluster.sh) for the run.
set -euo pipefail
cd "$(dirname "$0")/.."
started=""
if [ -z "${TEST_POSTGRES_URL:-}" ]; then
  TEST_POSTGRES_URL=$(bash scripts/postgres-cluster.sh start)
  started=1
fi
export TEST_POSTGRES_URL
trap '[ -n "$started" ] && bash scripts/postgres-cluster.sh stop' EXIT
npx vitest run --config vitest.postgresql.config.mts "$@"
