-- AlterTable
ALTER TABLE "Alert" ADD COLUMN     "firstNewEntryAt" TIMESTAMPTZ(3),
ADD COLUMN     "lastEntryAt" TIMESTAMPTZ(3),
ADD COLUMN     "newEntries" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "toldEntryAt" TIMESTAMPTZ(3),
ADD COLUMN     "updates" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "Order" ADD COLUMN     "attentionSince" TIMESTAMPTZ(3);

-- Orders already waiting entered before this migration, and open alerts that notified told of them.
UPDATE "Order" SET "attentionSince" = "updatedAt" WHERE "status" IN ('FAILED', 'EMAIL_FAILED');
UPDATE "Alert" SET "toldEntryAt" = CURRENT_TIMESTAMP WHERE "openCondition" IS NOT NULL AND "notifiedAt" IS NOT NULL;
