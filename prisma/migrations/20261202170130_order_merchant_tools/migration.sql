-- A merchant's tools for an order waiting for a person: correct it, take it, note, resolve by hand.
ALTER TYPE "OrderEventType" ADD VALUE 'CORRECTED';
ALTER TYPE "OrderEventType" ADD VALUE 'ASSIGNED';
ALTER TYPE "OrderEventType" ADD VALUE 'NOTE';
ALTER TYPE "OrderEventType" ADD VALUE 'RESOLVED';

ALTER TABLE "Order" ADD COLUMN "assignee" TEXT;
