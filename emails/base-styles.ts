/** The look every email of the shop shares, shopper's and staff's; each layout adds its own sizes. */
export const baseStyles = {
  body: { backgroundColor: "#f6f5f2", fontFamily: "-apple-system, 'Segoe UI', Helvetica, Arial, sans-serif", padding: "24px 0" },
  container: { backgroundColor: "#ffffff", borderRadius: "12px", margin: "0 auto", maxWidth: "560px", padding: "32px" },
  brand: { color: "#6b6459", fontSize: "13px", letterSpacing: "0.08em", margin: 0, textTransform: "uppercase" as const },
  heading: { color: "#1c1917", fontSize: "22px", margin: "12px 0" },
  text: { color: "#3f3a33", fontSize: "15px", lineHeight: "24px" },
  quiet: { color: "#78716c", fontSize: "13px" },
  button: { backgroundColor: "#1c1917", borderRadius: "8px", color: "#ffffff", display: "inline-block", fontSize: "15px", marginTop: "16px", padding: "12px 20px" },
};
