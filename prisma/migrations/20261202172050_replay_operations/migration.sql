-- CreateTable
CREATE TABLE "ReplayOperation" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "name" TEXT NOT NULL,
    "filter" JSONB NOT NULL,
    "orderIds" UUID[],
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReplayOperation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ReplayOperation_createdAt_idx" ON "ReplayOperation"("createdAt");
