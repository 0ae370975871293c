import { describe, expect, it } from "vitest";
import { loginPath, safeNextPath } from "@/lib/staff/next-path";
import { hasRole } from "@/lib/staff/roles";

describe("where a login lands", () => {
  it("keeps an admin path and its query", () => {
    expect(safeNextPath("/admin/orders?status=FAILED&q=DSP-001042")).toBe("/admin/orders?status=FAILED&q=DSP-001042");
    expect(safeNextPath("/admin")).toBe("/admin");
  });

  it("sends anything else to /admin: other hosts, schemes, tricks, paths outside the admin, the login page itself", () => {
    for (const bad of [
      "https://evil.example/admin",
      "//evil.example/admin",
      "/\\evil.example/admin",
      "/admin\\..\\..\\evil",
      "javascript:alert(1)",
      "/admin/../checkout",
      "/administrator",
      "/admin/login?next=/admin/orders",
      "/admin\t/orders",
      "",
      undefined,
      ["/admin/orders"],
    ]) {
      expect(safeNextPath(bad), String(bad)).toBe("/admin");
    }
  });

  it("remembers the page in the login link, unless it is the overview", () => {
    expect(loginPath("/admin/orders?status=FAILED")).toBe("/admin/login?next=%2Fadmin%2Forders%3Fstatus%3DFAILED");
    expect(loginPath("/admin")).toBe("/admin/login");
    expect(loginPath(null)).toBe("/admin/login");
  });
});

describe("roles", () => {
  it("each role can do what the ones before it can", () => {
    expect(hasRole("owner", "operator")).toBe(true);
    expect(hasRole("operator", "operator")).toBe(true);
    expect(hasRole("viewer", "operator")).toBe(false);
    expect(hasRole("operator", "owner")).toBe(false);
  });
});
