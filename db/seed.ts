// Demo content for a first start: four prompts an application team would really have,
// each with a short history, and two experiments on them (one finished, one running) with
// simulated users, and a labelled dataset with two finished offline runs. Applied through the
// services so the audit trail is real.
import type { ChatMessage, GuardrailSpec, MetricSpec, ModelConfig } from './schema';

export type DemoVersion = ({ template: string } | { messages: ChatMessage[] }) & {
  commitMessage: string;
  modelConfig?: ModelConfig;
  labels?: string[];
};
export type DemoPrompt = { name: string; description: string; category: string; tags: string[]; versions: DemoVersion[] };

const gpt4oMini: ModelConfig = { provider: 'openai', model: 'gpt-4o-mini', temperature: 0.3, maxTokens: 600 };

export const demoPrompts: DemoPrompt[] = [
  {
    name: 'support/reply',
    description: 'Drafts a reply to a customer support ticket in the company voice.',
    category: 'support',
    tags: ['customer-facing', 'email'],
    versions: [
      {
        commitMessage: 'First draft of the support reply',
        modelConfig: gpt4oMini,
        messages: [
          { role: 'system', content: 'You are a helpful support agent for {{ company }}. Answer politely.' },
          { role: 'user', content: '{{ ticket }}' },
        ],
      },
      {
        commitMessage: 'Address the customer by name and keep replies short',
        modelConfig: gpt4oMini,
        labels: ['production'],
        messages: [
          {
            role: 'system',
            content:
              'You are a support agent for {{ company }}. Reply in at most {{ max_sentences | default: 5 }} sentences.\nAlways greet {{ customer_name }} by name and end with a concrete next step.',
          },
          { role: 'user', content: 'Ticket #{{ ticket_id }}:\n{{ ticket }}' },
        ],
      },
      {
        commitMessage: 'Add the order history when we have it',
        modelConfig: { ...gpt4oMini, temperature: 0.2 },
        labels: ['staging'],
        messages: [
          {
            role: 'system',
            content:
              'You are a support agent for {{ company }}. Reply in at most {{ max_sentences | default: 5 }} sentences.\nAlways greet {{ customer_name }} by name and end with a concrete next step.',
          },
          {
            role: 'user',
            content:
              'Ticket #{{ ticket_id }}:\n{{ ticket }}\n{% if orders %}\nRecent orders:\n{% for order in orders %}- {{ order.id }}: {{ order.status }}\n{% endfor %}{% endif %}',
          },
        ],
      },
    ],
  },
  {
    name: 'summarizer',
    description: 'Summarises a document into bullet points for a busy reader.',
    category: 'content',
    tags: ['internal'],
    versions: [
      { commitMessage: 'Initial summariser', template: 'Summarise the following text:\n\n{{ text }}' },
      {
        commitMessage: 'Bullet points with a length budget',
        labels: ['production'],
        modelConfig: { provider: 'openai', model: 'gpt-4o-mini', temperature: 0 },
        template:
          'Summarise the text below in {{ bullets | default: 3 }} bullet points of at most 20 words each, for {{ audience }}.\n\nText:\n"""\n{{ text }}\n"""',
      },
    ],
  },
  {
    name: 'sql/generator',
    description: 'Turns a question into one read-only SQL query for the analytics warehouse.',
    category: 'engineering',
    tags: ['internal', 'sql'],
    versions: [
      {
        commitMessage: 'SQL generator with schema in context',
        modelConfig: { provider: 'openai', model: 'gpt-4o', temperature: 0 },
        messages: [
          { role: 'system', content: 'You write one PostgreSQL SELECT statement. Schema:\n{{ schema }}' },
          { role: 'user', content: '{{ question }}' },
        ],
      },
      {
        commitMessage: 'Forbid writes and require a LIMIT',
        modelConfig: { provider: 'openai', model: 'gpt-4o', temperature: 0 },
        labels: ['production'],
        messages: [
          {
            role: 'system',
            content:
              'You write exactly one PostgreSQL SELECT statement and nothing else.\nNever write INSERT, UPDATE, DELETE or DDL. Always end with LIMIT {{ row_limit | default: 100 }}.\nSchema:\n{{ schema }}',
          },
          { role: 'user', content: '{{ question }}' },
        ],
      },
      {
        commitMessage: 'Try a cheaper model',
        modelConfig: { provider: 'openai', model: 'gpt-4o-mini', temperature: 0 },
        messages: [
          {
            role: 'system',
            content:
              'You write exactly one PostgreSQL SELECT statement and nothing else.\nNever write INSERT, UPDATE, DELETE or DDL. Always end with LIMIT {{ row_limit | default: 100 }}.\nSchema:\n{{ schema }}',
          },
          { role: 'user', content: '{{ question }}' },
        ],
      },
    ],
  },
  {
    name: 'ticket-classifier',
    description: 'Classifies an incoming ticket into one of a fixed set of queues.',
    category: 'support',
    tags: ['routing'],
    versions: [
      { commitMessage: 'Three queues', template: 'Classify this ticket as billing, bug or other.\n\n{{ ticket }}' },
      {
        commitMessage: 'Queues come from the caller; answer with the name only',
        labels: ['production'],
        template:
          'Classify the ticket into exactly one of these queues: {{ queues | join: ", " }}.\nAnswer with the queue name only.\n\nTicket:\n{{ ticket }}',
      },
      {
        commitMessage: 'Add few-shot examples',
        labels: ['staging'],
        template:
          'Classify the ticket into exactly one of these queues: {{ queues | join: ", " }}.\nAnswer with the queue name only.\n\nExamples:\n"I was charged twice" -> billing\n"The app crashes on login" -> bug\n\nTicket:\n{{ ticket }}',
      },
    ],
  },
];

export type DemoExperiment = {
  key: string;
  name: string;
  hypothesis: string;
  prompt: string;
  variants: { key: string; version: number; weight: number; control?: boolean }[];
  primaryMetric: MetricSpec;
  guardrailMetrics: GuardrailSpec[];
  minSampleSize: number;
  /** Simulated users (a fifth of the requests are users coming back) and how they convert. */
  traffic: {
    units: number;
    seed: number;
    rates: Record<string, number>;
    continuous?: { metric: string; means: Record<string, number> };
    /** When it ran: days before the seed, from start to stop (0 = still running). */
    daysAgo: [number, number];
  };
  /** Declared at the end (moving `production`); without one the experiment keeps running. */
  winner?: string;
};

export const demoExperiments: DemoExperiment[] = [
  {
    key: 'ticket-classifier-few-shot',
    name: 'Few-shot examples for the ticket classifier',
    hypothesis: 'Two worked examples in the prompt help the model pick the right queue more often.',
    prompt: 'ticket-classifier',
    variants: [
      { key: 'control', version: 2, weight: 1, control: true },
      { key: 'few-shot', version: 3, weight: 1 },
    ],
    primaryMetric: { name: 'correct_queue', type: 'binary', direction: 'increase' },
    guardrailMetrics: [{ name: 'latency_ms', type: 'continuous', direction: 'decrease', tolerance: 0.1 }],
    minSampleSize: 800,
    traffic: {
      units: 2_400,
      seed: 11,
      rates: { control: 0.78, 'few-shot': 0.85 },
      continuous: { metric: 'latency_ms', means: { control: 410, 'few-shot': 430 } },
      daysAgo: [24, 10],
    },
    winner: 'few-shot',
  },
  {
    key: 'support-reply-orders',
    name: 'Order history in support replies',
    hypothesis: 'With the recent orders in context, more tickets are resolved by the first reply, at a small latency cost.',
    prompt: 'support/reply',
    variants: [
      { key: 'control', version: 2, weight: 1, control: true },
      { key: 'orders', version: 3, weight: 1 },
    ],
    primaryMetric: { name: 'resolved', type: 'binary', direction: 'increase' },
    guardrailMetrics: [{ name: 'latency_ms', type: 'continuous', direction: 'decrease', tolerance: 0.1 }],
    minSampleSize: 2_000,
    traffic: {
      units: 2_400,
      seed: 7,
      rates: { control: 0.62, orders: 0.67 },
      continuous: { metric: 'latency_ms', means: { control: 1_200, orders: 1_260 } },
      daysAgo: [6, 0],
    },
  },
];

/** A dataset of labelled tickets, and two finished offline runs of the classifier over it. */
export type DemoEval = {
  dataset: { name: string; description: string; queues: string[]; tickets: [ticket: string, queue: string][] };
  prompt: string;
  /** Per version: how often its answer is the expected queue, and its mean latency. */
  runs: { version: number; accuracy: number; meanLatencyMs: number }[];
  seed: number;
  daysAgo: number;
};

export const demoEval: DemoEval = {
  dataset: {
    name: 'ticket-cases',
    description: 'Real-looking support tickets with the queue a person filed them under.',
    queues: ['billing', 'bug', 'account', 'shipping'],
    tickets: [
      ['I was charged twice for my March invoice.', 'billing'],
      ['The app crashes every time I open settings on Android 14.', 'bug'],
      ['How do I change the email address on my account?', 'account'],
      ['My parcel has been stuck in Rotterdam for a week.', 'shipping'],
      ['Can I get a refund for the annual plan I bought yesterday?', 'billing'],
      ['Export to CSV produces an empty file.', 'bug'],
      ['I forgot my password and the reset mail never arrives.', 'account'],
      ['The tracking number you sent does not work.', 'shipping'],
      ['Your invoice shows the wrong VAT number.', 'billing'],
      ['Search returns results from other workspaces.', 'bug'],
      ['Please delete my account and all my data.', 'account'],
      ['The box arrived damaged and the mug is broken.', 'shipping'],
      ['Why did my card get declined when renewing?', 'billing'],
      ['Dark mode makes the buttons invisible on the checkout page.', 'bug'],
      ['I want to add a second admin to our team account.', 'account'],
      ['Do you ship to Norway, and how long does it take?', 'shipping'],
      ['I need a copy of all invoices from last year for my accountant.', 'billing'],
      ['The mobile app logs me out every few minutes.', 'bug'],
      ['Two-factor codes from my authenticator are always rejected.', 'account'],
      ['I ordered the blue one and received the red one.', 'shipping'],
      ['You charged me in dollars but I live in Germany.', 'billing'],
      ['Uploading a photo larger than 5 MB spins forever.', 'bug'],
      ['How do I transfer ownership of the workspace to a colleague?', 'account'],
      ['The courier left my package at the wrong address.', 'shipping'],
      ['My discount code was not applied to the total.', 'billing'],
      ['Notifications arrive twice on iOS.', 'bug'],
      ['Can I merge my two accounts into one?', 'account'],
      ['Express shipping took five days; I want the fee back.', 'shipping'],
      ['The price went up without any notice to customers.', 'billing'],
      ['The calendar shows events one hour off since the clock change.', 'bug'],
      ['I cannot find where to change my username.', 'account'],
      ['Half of my order is missing from the parcel.', 'shipping'],
      ['Please cancel my subscription before the next charge.', 'billing'],
      ['Pressing save on a draft loses the attachments.', 'bug'],
      ['My account was locked after a login from abroad.', 'account'],
      ['Can I change the delivery address after ordering?', 'shipping'],
      ['I paid by bank transfer but the order still says unpaid.', 'billing'],
      ['The website is blank in Safari 17.', 'bug'],
      ['How do I download all my data?', 'account'],
      ['The parcel says delivered but nothing came.', 'shipping'],
    ],
  },
  prompt: 'ticket-classifier',
  runs: [
    { version: 2, accuracy: 0.75, meanLatencyMs: 410 },
    { version: 3, accuracy: 0.9, meanLatencyMs: 430 },
  ],
  seed: 23,
  daysAgo: 26,
};
