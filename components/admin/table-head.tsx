/** The column headings of an admin table. */
export function TableHead({ headings, className = "" }: { headings: string[]; className?: string }) {
  return (
    <thead className={`text-xs uppercase tracking-wide text-stone-500 ${className}`}>
      <tr>
        {headings.map((heading) => (
          <th key={heading} scope="col" className="px-3 py-2 font-medium">
            {heading}
          </th>
        ))}
      </tr>
    </thead>
  );
}
