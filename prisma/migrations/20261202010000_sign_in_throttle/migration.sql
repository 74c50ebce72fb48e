-- Atomic sign-in throttling per (account, address), per account and per address (issue #11).
CREATE TABLE "SignInThrottle" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "blockedUntil" BIGINT NOT NULL DEFAULT 0,
    "lastFailureAt" BIGINT NOT NULL DEFAULT 0
);
