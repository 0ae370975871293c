-- AlterTable
ALTER TABLE "Product" ADD COLUMN     "erpSku" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "Product_erpSku_key" ON "Product"("erpSku");
