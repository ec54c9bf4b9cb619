interface TableHeadProps {
  /** The column headers, in order; a last "Actions" column, named for screen readers only, follows them. */
  columns: readonly string[];
}

/** The header row of a `.table` whose last column holds each row's action buttons. */
export function TableHead({ columns }: TableHeadProps) {
  return (
    <thead>
      <tr>
        {columns.map((column) => (
          <th key={column} scope="col">
            {column}
          </th>
        ))}
        <th scope="col">
          <span className="sr-only">Actions</span>
        </th>
      </tr>
    </thead>
  );
}
