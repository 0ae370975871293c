-- CreateIndex
CREATE INDEX "EmailWebhook_receivedAt_idx" ON "EmailWebhook"("receivedAt");
