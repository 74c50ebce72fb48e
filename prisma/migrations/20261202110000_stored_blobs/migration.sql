-- Shared file store for multi-machine (PostgreSQL) deployments; present on SQLite so both databases
-- hold the same models (SQLite deployments keep files in DATA_DIR and leave this table empty).
CREATE TABLE "StoredBlob" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "bytes" BLOB NOT NULL,
    "size" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
