// autocannon ships no types; these cover what the API benchmark uses.
declare module 'autocannon' {
  type Stats = { average: number; mean: number; stddev: number; min: number; max: number; total: number; p50: number; p90: number; p99: number; p99_9: number };
  export type Result = {
    duration: number;
    errors: number;
    timeouts: number;
    non2xx: number;
    '2xx': number;
    statusCodeStats: Record<string, { count: number }>;
    latency: Stats;
    requests: Stats & { sent: number };
    throughput: Stats;
  };
  /** One request of the sequence each connection sends; `setupRequest` may rewrite it just before it goes. */
  export type RequestSpec = {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    body?: string;
    setupRequest?: (request: RequestSpec, context: Record<string, unknown>) => RequestSpec;
  };
  export type Options = {
    url: string;
    connections?: number;
    duration?: number;
    amount?: number;
    method?: string;
    headers?: Record<string, string>;
    body?: string;
    pipelining?: number;
    requests?: RequestSpec[];
    /** Requests per second across all connections (paced); 0: as fast as the server answers. */
    overallRate?: number;
  };
  export default function autocannon(options: Options): Promise<Result>;
}
