-- The quality report of each generated stimulus (issue #10): JSON of lib/explainers/quality/quality-report.ts,
-- written by the worker with the image; weak is copied out so weak stimuli can be found without parsing.
ALTER TABLE "Stimulus" ADD COLUMN "quality" TEXT;
ALTER TABLE "Stimulus" ADD COLUMN "weak" BOOLEAN;
