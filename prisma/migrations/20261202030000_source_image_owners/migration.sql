-- Uploads belong to each researcher who uploaded them (security issue #11): the bytes stay stored
-- once (SourceImage, by sha256), and every uploader gets a SourceImageOwner row. The first uploader,
-- so far a column on SourceImage, becomes the first owner row; the columns are then dropped so no
-- query can read ownership from the wrong place. DROP COLUMN (SQLite >= 3.35) rewrites no other
-- table and nothing references these columns, so no table redefinition (and no cascade) happens.
CREATE TABLE "SourceImageOwner" (
    "imageId" TEXT NOT NULL,
    "ownerId" TEXT NOT NULL,
    "originalName" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("imageId", "ownerId"),
    CONSTRAINT "SourceImageOwner_imageId_fkey" FOREIGN KEY ("imageId") REFERENCES "SourceImage" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "SourceImageOwner_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

CREATE INDEX "SourceImageOwner_ownerId_createdAt_idx" ON "SourceImageOwner"("ownerId", "createdAt");

-- Uploads whose uploader was since removed keep their bytes and stay visible to admins only.
INSERT INTO "SourceImageOwner" ("imageId", "ownerId", "originalName", "createdAt")
SELECT "id", "uploadedById", "originalName", "createdAt" FROM "SourceImage"
WHERE "uploadedById" IN (SELECT "id" FROM "User");

ALTER TABLE "SourceImage" DROP COLUMN "originalName";
ALTER TABLE "SourceImage" DROP COLUMN "uploadedById";
