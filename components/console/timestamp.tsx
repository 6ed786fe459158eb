// Formatted on the server in UTC, so the HTML does not depend on where the server or the
// browser is; the full ISO time is in the tooltip.
const format = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC',
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

export function Timestamp({ iso, className }: { iso: string; className?: string }) {
  return (
    <time dateTime={iso} title={iso} className={className}>
      {format.format(new Date(iso))} UTC
    </time>
  );
}

