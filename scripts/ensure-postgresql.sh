#!/usr/bin/env bash
# The PostgreSQL half of the integration suite needs a PostgreSQL server's binaries (Debian's
# postgresql package; ../shared/STACK.md). Installs them when missing; needs root (as on the
# development and CI machines).
set -euo pipefail
if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" != "0" ]; then
  echo "PostgreSQL server binaries are missing. Install them with: sudo apt-get install -y postgresql (or set TEST_POSTGRES_URL to a server you run)." >&2
  exit 1
fi
echo "Installing Debian's postgresql for the PostgreSQL integration tests..."
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
echo "PostgreSQL installed: $(ls -d /usr/lib/postgresql/*/bin | tail -1)"
