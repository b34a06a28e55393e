export default function GraphPage() {
  return <h1 className="p-4 text-lg font-semibold">Role graph</h1>;
}
