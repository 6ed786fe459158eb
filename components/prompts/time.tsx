/** A timestamp people can read, with the exact time on hover; rendered on the server in UTC so both sides agree. */
export function Time({ iso }: { iso: string }) {
  const date = new Date(iso);
  const text = date.toISOString().slice(0, 16).replace('T', ' ');
  return (
    <time dateTime={iso} title={date.toISOString()} className="whitespace-nowrap">
      {text} UTC
    </time>
  );
}
