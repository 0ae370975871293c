/**
 * A page's placeholder while its data loads; the header and cart count stay as they are.
 * Only on pages that never answer 404: a loading boundary starts the response before the page
 * could call notFound(), and the status would be 200.
 */
export function PageLoading() {
  return (
    <div role="status" aria-label="Loading" className="animate-pulse space-y-4">
      <div className="h-9 w-2/3 max-w-md rounded-lg bg-stone-200 dark:bg-stone-800" />
      {[0, 1, 2].map((key) => (
        <div key={key} className="h-20 rounded-xl bg-stone-200 dark:bg-stone-800" />
      ))}
    </div>
  );
}
