"use client";

import type { FormEvent } from "react";
import { mapProductSkuAction } from "@/app/admin/actions";
import type { OrderDetail } from "@/lib/admin/orders";
import { buttonClass, fieldClass, useFormAction } from "./form-action";

/** Maps one product of a refused order to the SKU the ERP knows it by; Retry sync then sends it so. */
function ItemMapping({ item }: { item: OrderDetail["items"][number] }) {
  const { run, pending, status } = useFormAction();
  const id = `erp-sku-${item.productId}`;
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const erpSku = String(new FormData(event.currentTarget).get("erpSku") ?? "");
    run(() => mapProductSkuAction(item.productId, erpSku));
  };
  return (
    <form onSubmit={submit} noValidate className="space-y-1" data-testid="sku-mapping">
      <label htmlFor={id} className="block text-sm font-medium">
        ERP SKU of {item.productName} <span className="font-normal text-stone-500">(ordered as {item.sku})</span>
      </label>
      <div className="flex items-end gap-2">
        <input id={id} name="erpSku" defaultValue={item.erpSku} maxLength={64} autoComplete="off" className={`${fieldClass} max-w-xs font-mono`} />
        <button type="submit" disabled={pending} className={buttonClass}>
          {pending ? "Mapping…" : "Map"}
        </button>
      </div>
      {status}
    </form>
  );
}

export function SkuMappingForm({ order }: { order: OrderDetail }) {
  return (
    <div className="max-w-2xl space-y-3">
      {order.items.map((item) => (
        <ItemMapping key={item.productId} item={item} />
      ))}
    </div>
  );
}
