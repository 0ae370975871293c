-- CreateIndex
CREATE INDEX "Order_syncedAt_idx" ON "Order"("syncedAt");
