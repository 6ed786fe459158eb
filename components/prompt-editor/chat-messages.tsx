'use client';
import { ArrowDownIcon, ArrowUpIcon, PlusIcon, Trash2Icon } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { NativeSelect } from '@/components/ui/native-select';
import { messageKey, type ChatRole, type MessageDraft } from './draft';
import { TemplateInput, type TemplateProblem } from './template-input';

type Props = {
  messages: MessageDraft[];
  onChange: (messages: MessageDraft[]) => void;
  /** A template error and the message it is in. */
  problem: (TemplateProblem & { messageIndex: number }) | null;
};

const ROLES: ChatRole[] = ['system', 'user', 'assistant'];

export function ChatMessages({ messages, onChange, problem }: Props) {
  const update = (i: number, change: Partial<MessageDraft>) => onChange(messages.map((m, j) => (j === i ? { ...m, ...change } : m)));
  const move = (i: number, by: number) => {
    const next = [...messages];
    const [m] = next.splice(i, 1);
    next.splice(i + by, 0, m!);
    onChange(next);
  };
  const nextRole = (): ChatRole => (messages.at(-1)?.role === 'user' ? 'assistant' : 'user');

  return (
    <div className="space-y-3" data-testid="chat-messages">
      {messages.map((m, i) => (
        <div key={m.key} className="space-y-2 rounded-md border p-2 sm:p-3" data-testid={`message-${i}`}>
          <div className="flex items-center gap-1">
            <NativeSelect aria-label={`Role of message ${i + 1}`} className="h-8 w-32" value={m.role} onChange={(e) => update(i, { role: e.target.value as ChatRole })}>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </NativeSelect>
            <span className="ml-auto" />
            <Button type="button" variant="ghost" size="icon" aria-label={`Move message ${i + 1} up`} disabled={i === 0} onClick={() => move(i, -1)}>
              <ArrowUpIcon />
            </Button>
            <Button
              type="button"
              variant="ghost"
              size="icon"
              aria-label={`Move message ${i + 1} down`}
              disabled={i === messages.length - 1}
              onClick={() => move(i, 1)}
            >
              <ArrowDownIcon />
            </Button>
            <Button
              type="button"
              variant="ghost"
              size="icon"
              aria-label={`Remove message ${i + 1}`}
              disabled={messages.length === 1}
              onClick={() => onChange(messages.filter((_, j) => j !== i))}
            >
              <Trash2Icon />
            </Button>
          </div>
          <TemplateInput
            path={`inmemory://verso/${m.key}.liquid`}
            testId={`message-editor-${i}`}
            ariaLabel={`Message ${i + 1} (${m.role})`}
            placeholder={m.role === 'system' ? 'You are a helpful assistant for {{ company }}.' : '{{ question }}'}
            value={m.content}
            onChange={(content) => update(i, { content })}
            problem={problem && problem.messageIndex === i ? problem : null}
            minHeight={80}
            maxHeight={360}
          />
        </div>
      ))}
      <Button type="button" variant="outline" size="sm" onClick={() => onChange([...messages, { key: messageKey(), role: nextRole(), content: '' }])}>
        <PlusIcon /> Add message
      </Button>
    </div>
  );
}
