import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
import type { ExperimentResults } from '@/lib/experiments/results';

const looks = {
  ship: { variant: 'success', title: 'Ready to ship' },
  keep_control: { variant: 'default', title: 'Keep the control' },
  keep_running: { variant: 'default', title: 'Keep it running' },
  inconclusive: { variant: 'warning', title: 'No clear winner' },
  check_setup: { variant: 'destructive', title: 'Check the setup first' },
} as const;

/** The verdict in plain words, first thing on the page. */
export function RecommendationBanner({ recommendation }: { recommendation: ExperimentResults['recommendation'] }) {
  const look = looks[recommendation.verdict];
  return (
    <Alert variant={look.variant} data-testid="recommendation" data-verdict={recommendation.verdict}>
      <AlertTitle className="text-base">{look.title}</AlertTitle>
      <AlertDescription className="text-base">{recommendation.text}</AlertDescription>
    </Alert>
  );
}
