-- CreateEnum
CREATE TYPE "EmailKind" AS ENUM ('CONFIRMATION');

-- CreateTable
CREATE TABLE "OrderEmail" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "orderId" UUID NOT NULL,
    "kind" "EmailKind" NOT NULL,
    "recipient" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "via" TEXT NOT NULL,
    "providerId" TEXT NOT NULL,
    "sentAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OrderEmail_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "OrderEmail_idempotencyKey_key" ON "OrderEmail"("idempotencyKey");

-- CreateIndex
CREATE INDEX "OrderEmail_orderId_sentAt_idx" ON "OrderEmail"("orderId", "sentAt");

-- AddForeignKey
ALTER TABLE "OrderEmail" ADD CONSTRAINT "OrderEmail_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order"("id") ON DELETE CASCADE ON UPDATE CASCADE;
