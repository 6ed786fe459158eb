import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import type { SentPrompt } from '@/lib/executions/browse';

function Messages({ messages }: { messages: { role: string; content: string }[] }) {
  return (
    <ol className="grid gap-2">
      {messages.map((m, i) => (
        <li key={i} className="rounded-md border p-3">
          <Badge variant="outline" className="mb-1.5 font-mono">
            {m.role}
          </Badge>
          <p className="text-sm whitespace-pre-wrap wrap-anywhere">{m.content}</p>
        </li>
      ))}
    </ol>
  );
}

/** What went to the model: the messages Verso sent, or the prompt the application was given. */
export function SentPromptView({ sent }: { sent: SentPrompt }) {
  if (sent.kind === 'unavailable') return <Alert variant="warning">{sent.reason}</Alert>;
  if (sent.kind === 'messages') return <Messages messages={sent.messages} />;
  if (sent.rendered.type === 'chat') return <Messages messages={sent.rendered.messages} />;
  return <p className="rounded-md border p-3 text-sm whitespace-pre-wrap wrap-anywhere">{sent.rendered.text}</p>;
}

export function sentPromptTitle(sent: SentPrompt): { title: string; description: string } {
  if (sent.kind === 'messages') return { title: 'Messages sent', description: 'Exactly what Verso sent to the model.' };
  return {
    title: 'Rendered prompt',
    description: 'What the application was given to send itself, rendered again from the version and these variables (versions never change).',
  };
}
