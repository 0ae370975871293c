import { NextResponse, type NextRequest } from "next/server";
import { CART_COOKIE, cartCookieOptions, cartCookieValue, newCartId } from "@/lib/cart/cookie";

/**
 * A shopper's first page gives them a cart id (the cart row follows with the first change). So
 * the cart exists before any button can be pressed: quick adds, two tabs, an add whose answer the
 * browser drops all go to one cart, instead of each making its own in a response that may be lost.
 */
export function proxy(request: NextRequest) {
  if (request.nextUrl.pathname.startsWith("/admin")) return rememberAdminPath(request);
  const response = NextResponse.next();
  // Pages only: a server action without a cookie gets one from the change it makes, if any.
  if (request.method !== "GET") return response;
  response.cookies.set(CART_COOKIE, cartCookieValue(newCartId()), cartCookieOptions());
  return response;
}

/** An admin page tells the login page where the person was going (lib/staff/session.ts); set here, so a client cannot. */
function rememberAdminPath(request: NextRequest) {
  const headers = new Headers(request.headers);
  headers.set("x-dispatch-admin-path", request.nextUrl.pathname + request.nextUrl.search);
  return NextResponse.next({ request: { headers } });
}

export const config = {
  matcher: [
    {
      // Pages only: not the API, the admin, Next's own files, or files such as /products/mug.svg.
      source: "/((?!api|admin|_next|.*\\..*).*)",
      // A literal: Next reads the matcher at build time. Must be CART_COOKIE (lib/cart/cookie.ts).
      missing: [{ type: "cookie", key: "dispatch_cart" }],
    },
    // Must be REQUESTED_PATH_HEADER's pages (lib/staff/session.ts).
    { source: "/admin/:path*" },
  ],
};
