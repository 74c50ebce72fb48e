-- Generated stimuli, the explanation job queue, uploaded source images, and study ↔ stimulus links.
ALTER TABLE "StudyVersion" ADD COLUMN "stimulusMap" TEXT;

CREATE TABLE "SourceImage" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "originalName" TEXT,
    "mimeType" TEXT NOT NULL,
    "width" INTEGER NOT NULL,
    "height" INTEGER NOT NULL,
    "byteSize" INTEGER NOT NULL,
    "faceCount" INTEGER NOT NULL,
    "uploadedById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE "Stimulus" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "spec" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "modelId" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "weightsHash" TEXT NOT NULL,
    "sourceRef" TEXT NOT NULL,
    "sourceHash" TEXT NOT NULL,
    "provenance" TEXT,
    "prediction" TEXT,
    "width" INTEGER,
    "height" INTEGER,
    "fileHash" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE "ExplanationJob" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "stimulusId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "priority" INTEGER NOT NULL DEFAULT 0,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "maxAttempts" INTEGER NOT NULL DEFAULT 3,
    "error" TEXT,
    "progress" REAL NOT NULL DEFAULT 0,
    "message" TEXT,
    "workerId" TEXT,
    "heartbeatAt" DATETIME,
    "queuedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" DATETIME,
    "finishedAt" DATETIME,
    "durationMs" INTEGER,
    CONSTRAINT "ExplanationJob_stimulusId_fkey" FOREIGN KEY ("stimulusId") REFERENCES "Stimulus" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "ExplanationJob_stimulusId_key" ON "ExplanationJob"("stimulusId");
CREATE INDEX "ExplanationJob_status_priority_queuedAt_idx" ON "ExplanationJob"("status", "priority", "queuedAt");

CREATE TABLE "StudyStimulus" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "studyId" TEXT NOT NULL,
    "stimulusId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "StudyStimulus_stimulusId_fkey" FOREIGN KEY ("stimulusId") REFERENCES "Stimulus" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "StudyStimulus_studyId_stimulusId_key" ON "StudyStimulus"("studyId", "stimulusId");
CREATE INDEX "StudyStimulus_stimulusId_idx" ON "StudyStimulus"("stimulusId");
