// Demo content for a first start: four prompts an application team would really have,
// each with a short history. Applied through the services so the audit trail is real.
import type { ChatMessage, ModelConfig } from './schema';

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
