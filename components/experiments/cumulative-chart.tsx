'use client';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { amount, percent } from './figures';
import type { CumulativeRow } from './cumulative';
import { variantColor } from './palette';

type Props = { rows: CumulativeRow[]; variants: string[]; type: 'binary' | 'continuous'; bucket: 'minute' | 'hour' | 'day' };

const timeFormat = {
  minute: new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', hour: '2-digit', minute: '2-digit' }),
  hour: new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }),
  day: new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'short' }),
};

/** The primary metric per variant, cumulated over time: lines that settle are a sign the data is enough. */
export function CumulativeChart({ rows, variants, type, bucket }: Props) {
  const value = (v: unknown) => (typeof v === 'number' ? (type === 'binary' ? percent(v, 2) : amount(v)) : '—');
  const when = (t: unknown) => (typeof t === 'number' ? timeFormat[bucket].format(new Date(t)) : '');
  // A time axis, so a quiet hour takes the room it took.
  const data = rows.map((r) => ({ ...r, time: Date.parse(r.bucket) }));
  // recharts stretches a flat line of zeros to 0–400%; give it a sensible scale instead.
  const flat = rows.every((r) => variants.every((v) => !r[v]));
  return (
    <div className="h-64 w-full" data-testid="cumulative-chart">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={{ top: 8, right: 12, bottom: 4, left: 4 }}>
          <CartesianGrid strokeDasharray="3 3" className="stroke-border" />
          <XAxis dataKey="time" type="number" scale="time" domain={['dataMin', 'dataMax']} tickFormatter={when} fontSize={11} minTickGap={24} />
          <YAxis tickFormatter={(v: number) => (type === 'binary' ? percent(v, 0) : amount(v))} fontSize={11} width={48} domain={flat ? [0, type === 'binary' ? 0.1 : 1] : ['auto', 'auto']} />
          <Tooltip formatter={(v) => value(v)} labelFormatter={(l) => `${when(l)} UTC`} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {variants.map((v, i) => (
            <Line
              key={v}
              type="monotone"
              dataKey={v}
              name={v}
              stroke={variantColor(i)}
              strokeWidth={2}
              dot={rows.length < 2}
              connectNulls
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
