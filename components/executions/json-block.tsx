/** A JSON value, indented, scrolling inside its box rather than widening the page. */
export function JsonBlock({ value, testId }: { value: unknown; testId?: string }) {
  return (
    <pre className="max-h-96 overflow-auto rounded-md bg-muted p-3 font-mono text-xs whitespace-pre-wrap break-all" data-testid={testId}>
      {JSON.stringify(value, null, 2)}
    </pre>
  );
}
