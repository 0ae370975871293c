import { describe, expect, it } from "vitest";
import { problemOf } from "@/lib/admin/attention";

describe("an attention group's problem", () => {
  it("is the same for the same refusal of different orders", () => {
    const problems = [
      "ERP answered 422: postal code 99999 is not valid for DE",
      "ERP answered 422: postal code 12345 is not valid for DE",
      "ERP answered 422: postal code N1 9GU is not valid for DE",
      "ERP answered 422: postal code 1011 AB is not valid for DE",
    ].map(problemOf);
    expect(new Set(problems).size).toBe(1);
    expect(problems[0]).toBe("ERP answered 422: postal code … is not valid for DE");
  });

  it("keeps what tells problems apart: the ERP's status, the country, the words", () => {
    expect(problemOf("ERP answered 400: unknown SKU OAK-BOARD-1")).not.toBe(problemOf("ERP answered 422: unknown SKU OAK-BOARD-1"));
    expect(problemOf("ERP answered 422: postal code 1 is not valid for DE")).not.toBe(problemOf("ERP answered 422: postal code 1 is not valid for NL"));
  });

  it("drops addresses, ids and order numbers", () => {
    expect(problemOf("Resend refused the email: ada@example.com is on the suppression list")).toBe("Resend refused the email: … is on the suppression list");
    expect(problemOf("Stopped after 5 revivals; its job failed: DSP-000123 (0f8fad5b-d9cb-469f-a165-70867728950e) timed out")).toBe(
      "Stopped after … revivals; its job failed: DSP-… (…) timed out",
    );
    expect(problemOf(null)).toBe("No error recorded");
  });
});
