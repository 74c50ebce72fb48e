#!/usr/bin/env bash
# `npm run test:postgresql`: the integration suite on PostgreSQL. Uses TEST_POSTGRES_URL when set,
# otherwise starts a throwaway local server (scripts/postgres-cluster.sh) for the run.
set -euo pipefail
cd "$(dirname "$0")/.."
started=""
if [ -z "${TEST_POSTGRES_URL:-}" ]; then
  bash scripts/ensure-postgresql.sh
  # A port of its own so a developer's running server (5432) or another test cluster is never touched.
  export PG_TEST_DIR=${PG_TEST_DIR:-$(mktemp -d /tmp/facexai-pg-test.XXXXXX)} PG_TEST_PORT=${PG_TEST_PORT:-55432}
  TEST_POSTGRES_URL=$(bash scripts/postgres-cluster.sh start)
  started=1
fi
export TEST_POSTGRES_URL
trap 'if [ -n "$started" ]; then bash scripts/postgres-cluster.sh stop; rm -rf "$PG_TEST_DIR"; fi' EXIT
npx vitest run --config vitest.postgresql.config.mts "$@"
