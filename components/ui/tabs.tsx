'use client';
import { Tabs as P } from 'radix-ui';
import * as React from 'react';
import { cn } from '@/lib/ui/cn';

export const Tabs = P.Root;
export function TabsList({ className, ...props }: React.ComponentProps<typeof P.List>) {
  return <P.List className={cn('inline-flex h-9 items-center rounded-lg bg-muted p-1 text-muted-foreground', className)} {...props} />;
}
export function TabsTrigger({ className, ...props }: React.ComponentProps<typeof P.Trigger>) {
  return (
    <P.Trigger
      className={cn(
        'inline-flex items-center justify-center rounded-md px-3 py-1 text-sm font-medium whitespace-nowrap transition-all data-[state=active]:bg-background data-[state=active]:text-foreground data-[state=active]:shadow',
        className,
      )}
      {...props}
    />
  );
}
export function TabsContent({ className, ...props }: React.ComponentProps<typeof P.Content>) {
  return <P.Content className={cn('mt-3', className)} {...props} />;
}
