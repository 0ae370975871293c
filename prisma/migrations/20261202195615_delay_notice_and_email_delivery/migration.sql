-- CreateEnum
CREATE TYPE "DelayNotice" AS ENUM ('OWED', 'SENT');

-- CreateEnum
CREATE TYPE "EmailDelivery" AS ENUM ('DELIVERED', 'DELIVERY_DELAYED', 'BOUNCED', 'COMPLAINED');

-- AlterEnum
ALTER TYPE "AttentionReason" ADD VALUE 'EMAIL_BOUNCED';

-- AlterEnum
ALTER TYPE "EmailKind" ADD VALUE 'DELAYED';

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "OrderEventType" ADD VALUE 'DELAY_NOTICE_SENT';
ALTER TYPE "OrderEventType" ADD VALUE 'EMAIL_DELIVERED';
ALTER TYPE "OrderEventType" ADD VALUE 'EMAIL_DELIVERY_DELAYED';
ALTER TYPE "OrderEventType" ADD VALUE 'EMAIL_BOUNCED';
ALTER TYPE "OrderEventType" ADD VALUE 'EMAIL_COMPLAINED';

-- AlterTable
ALTER TABLE "Order" ADD COLUMN     "delayNotice" "DelayNotice";

-- AlterTable
ALTER TABLE "OrderEmail" ADD COLUMN     "delivery" "EmailDelivery",
ADD COLUMN     "deliveryAt" TIMESTAMPTZ(3),
ADD COLUMN     "deliveryDetail" TEXT;

-- CreateTable
CREATE TABLE "EmailWebhook" (
    "svixId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "receivedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EmailWebhook_pkey" PRIMARY KEY ("svixId")
);

-- CreateIndex
CREATE INDEX "OrderEmail_providerId_idx" ON "OrderEmail"("providerId");
