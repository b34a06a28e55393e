'use client';

/** Beyond the drawing bound: how many nodes per account and kind, so the user narrows the view. */
export function TooLarge({ summary }: { summary: { account: string; kind: string; count: number }[] }) {
  return (
    <div className="p-6 text-sm">
      <p className="mb-3">
        This snapshot is too large to draw at once. Find a node above, or choose an account.
      </p>
      <table className="text-xs" aria-label="Nodes per account and kind">
        <thead>
          <tr className="text-left text-slate-500">
            <th className="pr-4">Account</th>
            <th className="pr-4">Kind</th>
            <th>Nodes</th>
          </tr>
        </thead>
        <tbody>
          {summary.map((s) => (
            <tr key={`${s.account}|${s.kind}`}>
              <td className="pr-4 font-mono">{s.account}</td>
              <td className="pr-4">{s.kind}</td>
              <td>{s.count}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
