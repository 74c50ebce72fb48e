-- Initial schema: studies, immutable study versions, participants and their responses.
CREATE TABLE "Study" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "slug" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'published'
);
CREATE UNIQUE INDEX "Study_slug_key" ON "Study"("slug");

CREATE TABLE "StudyVersion" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "studyId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "definition" TEXT NOT NULL,
    "definitionHash" TEXT NOT NULL,
    "sourceFile" TEXT,
    "publishedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "StudyVersion_studyId_fkey" FOREIGN KEY ("studyId") REFERENCES "Study" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "StudyVersion_studyId_version_key" ON "StudyVersion"("studyId", "version");
CREATE UNIQUE INDEX "StudyVersion_studyId_definitionHash_key" ON "StudyVersion"("studyId", "definitionHash");

CREATE TABLE "Participant" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "studyId" TEXT NOT NULL,
    "studyVersionId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "condition" TEXT,
    "seed" INTEGER NOT NULL,
    "externalId" TEXT,
    "externalStudyId" TEXT,
    "externalSessionId" TEXT,
    "completionCode" TEXT,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "consentedAt" DATETIME,
    "completedAt" DATETIME,
    "lastSeenAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Participant_studyId_fkey" FOREIGN KEY ("studyId") REFERENCES "Study" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Participant_studyVersionId_fkey" FOREIGN KEY ("studyVersionId") REFERENCES "StudyVersion" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "Participant_studyId_externalId_key" ON "Participant"("studyId", "externalId");
CREATE INDEX "Participant_studyVersionId_status_idx" ON "Participant"("studyVersionId", "status");

CREATE TABLE "Response" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "participantId" TEXT NOT NULL,
    "itemId" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "optionOrder" TEXT,
    "position" INTEGER NOT NULL,
    "responseTimeMs" INTEGER,
    "idempotencyKey" TEXT NOT NULL,
    "answeredAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Response_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "Response_idempotencyKey_key" ON "Response"("idempotencyKey");
CREATE UNIQUE INDEX "Response_participantId_itemId_key" ON "Response"("participantId", "itemId");
