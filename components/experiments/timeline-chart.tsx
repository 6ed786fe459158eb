'use client';
import { useMemo, useState } from 'react';
import { Area, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { Tabs, TabsList, TabsTrigger } from '@/components/ui/tabs';
import type { ExperimentTimeline } from '@/lib/experiments/timeline';
import { niceAxis, tickDigits } from './axis';
import { amount, percent } from './figures';
import { variantColor } from './palette';
import { bandKey, chartRows, drawnValues } from './timeline-rows';

type View = 'cumulative' | 'daily';
type Props = { timeline: ExperimentTimeline; variants: string[] };

const timeFormat = {
  minute: new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', hour: '2-digit', minute: '2-digit' }),
  hour: new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }),
  day: new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'short' }),
};

/**
 * The primary metric per variant over time. Cumulative: over the units first seen so far, lines
 * that settle are a sign the data is enough. Daily: the units first seen each day, with a 95%
 * band, so a bad day (an outage, a campaign) stands out instead of being averaged away.
 */
export function TimelineChart({ timeline, variants }: Props) {
  const [view, setView] = useState<View>('cumulative');
  const rows = useMemo(() => chartRows(view === 'daily' ? timeline.daily : timeline.cumulative, variants), [timeline, variants, view]);
  const axis = useMemo(() => niceAxis(drawnValues(rows, variants), timeline.scale), [rows, variants, timeline.scale]);
  const bucket = view === 'daily' ? 'day' : timeline.bucket;
  const rate = timeline.scale === 'rate';
  const tick = (v: number) => (rate ? percent(v, tickDigits(axis.step, 'rate')) : amount(v));
  const value = (v: unknown) =>
    Array.isArray(v) ? v.map((x: number) => (rate ? percent(x, 2) : amount(x))).join(' – ') : typeof v === 'number' ? (rate ? percent(v, 2) : amount(v)) : '—';
  const when = (t: unknown) => (typeof t === 'number' ? timeFormat[bucket].format(new Date(t)) : '');
  return (
    <div className="space-y-2">
      <Tabs value={view} onValueChange={(v) => setView(v as View)}>
        <TabsList>
          <TabsTrigger value="cumulative" data-testid="timeline-view-cumulative">
            Cumulative
          </TabsTrigger>
          <TabsTrigger value="daily" data-testid="timeline-view-daily">
            Daily
          </TabsTrigger>
        </TabsList>
      </Tabs>
      <div className="h-64 w-full" data-testid="cumulative-chart" data-view={view}>
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={rows} margin={{ top: 8, right: 12, bottom: 4, left: 4 }}>
            <CartesianGrid strokeDasharray="3 3" className="stroke-border" />
            {/* A time axis, so a quiet hour takes the room it took. */}
            <XAxis dataKey="time" type="number" scale="time" domain={['dataMin', 'dataMax']} tickFormatter={when} fontSize={11} minTickGap={24} />
            <YAxis domain={axis.domain} ticks={axis.ticks} interval={0} tickFormatter={tick} fontSize={11} width={52} />
            <Tooltip formatter={(v) => value(v)} labelFormatter={(l) => `${when(l)} UTC`} />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            {view === 'daily' &&
              variants.map((v, i) => (
                <Area
                  key={bandKey(v)}
                  dataKey={bandKey(v)}
                  name={`${v} 95% CI`}
                  type="monotone"
                  stroke="none"
                  fill={variantColor(i)}
                  fillOpacity={0.15}
                  legendType="none"
                  isAnimationActive={false}
                />
              ))}
            {variants.map((v, i) => (
              <Line
                key={v}
                type="monotone"
                dataKey={v}
                name={v}
                stroke={variantColor(i)}
                strokeWidth={2}
                dot={rows.length < 2 || view === 'daily'}
                connectNulls
                isAnimationActive={false}
              />
            ))}
          </ComposedChart>
        </ResponsiveContainer>
      </div>
    </div>
  );
}
