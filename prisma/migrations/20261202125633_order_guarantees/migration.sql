-- CreateEnum
CREATE TYPE "AttentionReason" AS ENUM ('ERP_REJECTED', 'IDEMPOTENCY_CONFLICT', 'SYNC_DEADLINE', 'REVIVAL_LIMIT', 'EMAIL_FAILED');

-- AlterEnum
ALTER TYPE "OrderEventType" ADD VALUE 'EMAIL_RETRY_REQUESTED';

-- AlterEnum
ALTER TYPE "OrderStatus" ADD VALUE 'EMAIL_FAILED';

-- DropIndex
DROP INDEX "OrderEvent_orderId_createdAt_idx";

-- Timestamps become instants (timestamptz). Existing values were written in UTC, read as such.
-- AlterTable
ALTER TABLE "Order" ALTER COLUMN "id" SET DEFAULT gen_random_uuid(),
ADD COLUMN     "attentionReason" "AttentionReason",
ADD COLUMN     "erpRequest" TEXT,
ADD COLUMN     "resendRequestId" TEXT,
ADD COLUMN     "revivals" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "syncDeadlineAt" TIMESTAMPTZ(3),
ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "workDueAt" TIMESTAMPTZ(3),
ALTER COLUMN "createdAt" SET DATA TYPE TIMESTAMPTZ(3) USING "createdAt" AT TIME ZONE 'UTC',
ALTER COLUMN "updatedAt" SET DEFAULT CURRENT_TIMESTAMP,
ALTER COLUMN "updatedAt" SET DATA TYPE TIMESTAMPTZ(3) USING "updatedAt" AT TIME ZONE 'UTC',
ALTER COLUMN "syncedAt" SET DATA TYPE TIMESTAMPTZ(3) USING "syncedAt" AT TIME ZONE 'UTC',
ALTER COLUMN "emailedAt" SET DATA TYPE TIMESTAMPTZ(3) USING "emailedAt" AT TIME ZONE 'UTC';

-- Orders placed before this migration get the default deadline, and owe what their status says.
UPDATE "Order" SET "syncDeadlineAt" = "createdAt" + interval '24 hours';
ALTER TABLE "Order" ALTER COLUMN "syncDeadlineAt" SET NOT NULL;
UPDATE "Order" SET "workDueAt" = now() WHERE status IN ('RECEIVED', 'SYNCING', 'SYNC_RETRYING', 'SYNCED');

-- AlterTable
ALTER TABLE "OrderEvent" ADD COLUMN     "sequence" BIGSERIAL NOT NULL,
ALTER COLUMN "id" SET DEFAULT (gen_random_uuid())::text,
ALTER COLUMN "createdAt" SET DATA TYPE TIMESTAMPTZ(3) USING "createdAt" AT TIME ZONE 'UTC';

-- AlterTable: products get a SKU from their slug until the seed sets the catalog's own.
ALTER TABLE "Product" ADD COLUMN     "sku" TEXT,
ALTER COLUMN "createdAt" SET DATA TYPE TIMESTAMPTZ(3) USING "createdAt" AT TIME ZONE 'UTC';
UPDATE "Product" SET "sku" = upper("slug");
ALTER TABLE "Product" ALTER COLUMN "sku" SET NOT NULL;

-- AlterTable: order lines keep the SKU their product had.
ALTER TABLE "OrderItem" ADD COLUMN     "sku" TEXT,
ALTER COLUMN "id" SET DEFAULT (gen_random_uuid())::text;
UPDATE "OrderItem" i SET "sku" = p."sku" FROM "Product" p WHERE p."id" = i."productId";
ALTER TABLE "OrderItem" ALTER COLUMN "sku" SET NOT NULL;

-- CreateIndex
CREATE INDEX "Order_workDueAt_idx" ON "Order"("workDueAt");

-- CreateIndex
CREATE INDEX "OrderEvent_orderId_sequence_idx" ON "OrderEvent"("orderId", "sequence");

-- CreateIndex
CREATE UNIQUE INDEX "Product_sku_key" ON "Product"("sku");
