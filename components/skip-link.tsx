/** The first stop for a keyboard: straight past the header to the page's `<main id="main">`. */
export function SkipLink() {
  return (
    <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-4 focus:top-4 focus:z-10 focus:rounded-lg focus:bg-paper focus:px-4 focus:py-2">
      Skip to content
    </a>
  );
}
