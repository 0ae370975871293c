import { NextResponse, type NextRequest } from "next/server";
import { CART_COOKIE, cartCookieOptions, cartCookieValue, newCartId } from "@/lib/cart/cookie";
import { contentSecurityPolicy } from "@/lib/content-security-policy";
import { REQUESTED_PATH_HEADER } from "@/lib/staff/next-path";

/**
 * Every page: a fresh script nonce in its Content-Security-Policy, on the request (where Next.js reads
 * it to mark its own scripts) and on the response.
 *
 * A shopper's first page also gives them a cart id (the cart row follows with the first change). So
 * the cart exists before any button can be pressed: quick adds, two tabs, an add whose answer the
 * browser drops all go to one cart, instead of each making its own in a response that may be lost.
 */
export function proxy(request: NextRequest) {
  const policy = contentSecurityPolicy(Buffer.from(crypto.getRandomValues(new Uint8Array(18))).toString("base64"), process.env.NODE_ENV === "development");
  const headers = new Headers(request.headers);
  headers.set("content-security-policy", policy);
  const admin = request.nextUrl.pathname.startsWith("/admin");
  // An admin page tells the login page where the person was going (lib/staff/session.ts); set here, so a client cannot.
  if (admin) headers.set(REQUESTED_PATH_HEADER, request.nextUrl.pathname + request.nextUrl.search);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", policy);
  // Shop pages only: a server action without a cookie gets one from the change it makes, if any.
  const shopPage = request.method === "GET" && !admin;
  if (shopPage && !request.cookies.has(CART_COOKIE)) response.cookies.set(CART_COOKIE, cartCookieValue(newCartId()), cartCookieOptions());
  return response;
}

export const config = {
  // Pages (the admin's too), not the API, Next's own files, or files such as /products/mug.svg.
  matcher: ["/((?!api|_next/static|_next/image|.*\\..*).*)"],
};
