-- AlterEnum
ALTER TYPE "OrderEventType" ADD VALUE 'CORRECTED';
