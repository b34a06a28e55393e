/**
 * The search box as the server draws it: disabled, saying why, until the page is live. Typed into
 * before hydration, a box would look like it took the text, and then lose it when React took over.
 * Same size and name as the live box (./search-box.tsx), so nothing moves when it is swapped in.
 */
export function SearchLoading() {
  return (
    <div className="relative w-80">
      <input
        type="search"
        role="combobox"
        aria-label="Find a node"
        aria-expanded={false}
        aria-describedby="search-loading-why"
        disabled
        placeholder="Search opens as the page loads…"
        className="w-full cursor-wait rounded border border-slate-300 bg-slate-100 px-3 py-1.5 text-sm text-slate-500 dark:border-slate-700 dark:bg-slate-800"
      />
      <span id="search-loading-why" className="sr-only">
        The page is still loading; the search box opens in a moment.
      </span>
    </div>
  );
}
