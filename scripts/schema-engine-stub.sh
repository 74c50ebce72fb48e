#!/bin/sh
# Prisma 7 wants its schema engine (a download, impossible offline) only for migrate/db push;
# generate/validate/format work when this stub answers instead. Migrations are applied by scripts/migrate.ts.
exit 1
