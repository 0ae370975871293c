-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "OrderEventType" ADD VALUE 'RETRY_REQUESTED';
ALTER TYPE "OrderEventType" ADD VALUE 'EMAIL_RESEND_REQUESTED';

-- AlterTable
ALTER TABLE "OrderEvent" ADD COLUMN     "actor" TEXT;
