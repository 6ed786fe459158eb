'use client';
import { Bar, CartesianGrid, Cell, ComposedChart, ErrorBar, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { signedPercent } from './figures';

export type EffectBar = {
  variant: string;
  /** relative effect and its confidence interval, as fractions (0.12 = +12%) */
  estimate: number;
  lo: number;
  hi: number;
  verdict: 'better' | 'worse' | 'none';
};

const fill = { better: '#16a34a', worse: '#dc2626', none: '#94a3b8' };

/**
 * Round ticks symmetric around 0, so "no effect" sits in the middle and the sign is seen at a
 * glance: a step of 1, 2 or 5 × 10^k, about three ticks each side.
 */
function axisTicks(reach: number): { ticks: number[]; digits: number } {
  const raw = reach / 3;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = magnitude * [1, 2, 5, 10].find((m) => raw / magnitude <= m)!;
  const k = Math.ceil(reach / step);
  const ticks = Array.from({ length: 2 * k + 1 }, (_, i) => (i - k) * step);
  return { ticks, digits: step * 100 >= 1 ? 0 : Math.ceil(-Math.log10(step * 100)) };
}

/** Relative effect of each treatment against the control, with its confidence interval, around 0. */
export function EffectChart({ bars, testId }: { bars: EffectBar[]; testId: string }) {
  const data = bars.map((b) => ({ ...b, errors: [b.estimate - b.lo, b.hi - b.estimate] }));
  const { ticks, digits } = axisTicks(Math.max(0.01, ...bars.flatMap((b) => [Math.abs(b.lo), Math.abs(b.hi)])));
  const reach = ticks[ticks.length - 1]!;
  return (
    <div className="w-full" style={{ height: 48 + bars.length * 36 }} data-testid={testId}>
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart layout="vertical" data={data} margin={{ top: 4, right: 16, bottom: 4, left: 4 }}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} className="stroke-border" />
          <XAxis type="number" domain={[-reach, reach]} ticks={ticks} tickFormatter={(v: number) => signedPercent(v, digits)} fontSize={11} />
          <YAxis type="category" dataKey="variant" width={64} fontSize={12} />
          <Tooltip
            cursor={{ fillOpacity: 0.1 }}
            formatter={(_v, _n, item) => {
              const b = item.payload as EffectBar;
              return [`${signedPercent(b.estimate)} [${signedPercent(b.lo)}, ${signedPercent(b.hi)}]`, 'relative effect'];
            }}
          />
          <ReferenceLine x={0} stroke="currentColor" strokeOpacity={0.6} />
          <Bar dataKey="estimate" barSize={10} isAnimationActive={false}>
            {data.map((b) => (
              <Cell key={b.variant} fill={fill[b.verdict]} />
            ))}
            <ErrorBar dataKey="errors" direction="x" width={8} strokeWidth={2} stroke="currentColor" isAnimationActive={false} />
          </Bar>
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
