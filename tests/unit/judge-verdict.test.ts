// Reading an LLM judge's answer: the shapes judges really answer in (JSON, fenced JSON, a
// "Score: 4/5" line under their reasoning, a verdict word at the end), and what is refused.
import { describe, expect, it } from 'vitest';
import { MAX_REASON_CHARS, readVerdict, type JudgeScale } from '@/lib/evals/judge-verdict';

type Case = { answer: string; scale: JudgeScale; score: number; reason?: string | RegExp };

const read: Case[] = [
  // JSON, bare and fenced, with the key names judges use.
  { scale: '1-5', answer: '{"score": 4, "reasoning": "Accurate, but misses the refund deadline."}', score: 4, reason: 'Accurate, but misses the refund deadline.' },
  { scale: '1-5', answer: '```json\n{\n  "reasoning": "Fully correct and polite.",\n  "score": 5\n}\n```', score: 5, reason: 'Fully correct and polite.' },
  { scale: '1-5', answer: 'Here is my evaluation:\n```\n{"rating": "2", "explanation": "Wrong city."}\n```', score: 2, reason: 'Wrong city.' },
  { scale: 'binary', answer: '{"verdict": "PASS", "reason": "Mentions the order number."}', score: 1, reason: 'Mentions the order number.' },
  { scale: 'binary', answer: '{"score": false, "reasoning": "The answer invents a policy."}', score: 0, reason: 'The answer invents a policy.' },
  { scale: 'binary', answer: '{"Score": 1, "Explanation": "Matches the reference."}', score: 1, reason: 'Matches the reference.' },
  { scale: '0-1', answer: '{"score": 0.85, "reasoning": "Mostly faithful to the context."}', score: 0.85, reason: 'Mostly faithful to the context.' },
  { scale: '1-5', answer: 'After reviewing the response against the rubric, my assessment is:\n{"score": 3, "reasoning": "Partially addresses the question."}\nLet me know if you need more.', score: 3, reason: 'Partially addresses the question.' },
  { scale: '1-5', answer: '{"score": 4}', score: 4, reason: '' },

  // A labelled line, usually after the reasoning.
  { scale: '1-5', answer: 'The response answers the question but is verbose and repeats itself.\n\nScore: 3', score: 3, reason: 'The response answers the question but is verbose and repeats itself.' },
  { scale: '1-5', answer: 'Reasoning: correct facts, friendly tone, slightly long.\nRating: 4/5', score: 4, reason: 'correct facts, friendly tone, slightly long.' },
  { scale: '1-5', answer: '**Score:** 5\n\nThe answer is complete, correct and concise.', score: 5, reason: 'The answer is complete, correct and concise.' },
  { scale: '1-5', answer: 'The assistant gave the wrong capital.\n\n**Final Score**: 1', score: 1, reason: 'The assistant gave the wrong capital.' },
  { scale: '1-5', answer: 'Helpful and accurate, with a small omission.\nRating: [[4]]', score: 4 },
  { scale: '1-5', answer: 'Explanation: clear and correct.\nScore: 4 out of 5', score: 4, reason: 'clear and correct.' },
  { scale: 'binary', answer: 'The output contains the tracking link and the apology the policy requires.\nVerdict: PASS', score: 1, reason: 'The output contains the tracking link and the apology the policy requires.' },
  { scale: 'binary', answer: 'It does not mention the refund window.\n\n**Verdict:** FAIL', score: 0, reason: 'It does not mention the refund window.' },
  { scale: 'binary', answer: 'Result: correct — the sum is 42.', score: 1 },
  { scale: '0-1', answer: 'The summary keeps 4 of the 5 key facts.\nScore: 0.8', score: 0.8, reason: 'The summary keeps 4 of the 5 key facts.' },
  { scale: '0-1', answer: 'Faithfulness score: 0.6\nTwo claims are not supported by the context.', score: 0.6 },
  { scale: '1-5', answer: '<reasoning>Accurate and concise.</reasoning>\n<score>5</score>', score: 5 },

  // A verdict word or a lone number.
  { scale: 'binary', answer: 'The answer correctly identifies Paris as the capital and adds nothing false.\n\nPASS', score: 1, reason: 'The answer correctly identifies Paris as the capital and adds nothing false.' },
  { scale: 'binary', answer: 'At first glance this looks like a PASS, but the date is wrong, so the final answer is:\nFAIL', score: 0 },
  { scale: 'binary', answer: 'FAIL. The reply promises a refund although the policy says it is NO longer available.', score: 0 },
  { scale: 'binary', answer: 'Yes', score: 1, reason: '' },
  { scale: 'binary', answer: 'no.', score: 0 },
  { scale: 'binary', answer: 'The response is INCORRECT: it confuses the two products.', score: 0 },
  { scale: 'binary', answer: '**Correct**\nThe response matches the expected answer.', score: 1, reason: 'The response matches the expected answer.' },
  { scale: '1-5', answer: 'The answer covers 3 of the 4 required points and is polite.\n\n4', score: 4, reason: 'The answer covers 3 of the 4 required points and is polite.' },
  { scale: '1-5', answer: '**2**', score: 2, reason: '' },
  { scale: '0-1', answer: 'Mostly relevant, one tangent.\n0.75', score: 0.75, reason: 'Mostly relevant, one tangent.' },
  { scale: '0-1', answer: '1', score: 1 },
];

const refused: { answer: string; scale: JudgeScale; message: RegExp }[] = [
  { scale: '1-5', answer: '', message: /empty/ },
  { scale: '1-5', answer: 'I cannot evaluate this response without more context.', message: /no 1–5 verdict/ },
  { scale: '1-5', answer: 'Score: 8/10\nGood answer.', message: /8\/10/ },
  { scale: '1-5', answer: '{"score": 7, "reasoning": "Excellent"}', message: /outside 1–5/ },
  { scale: '1-5', answer: 'Rating: 0', message: /outside 1–5/ },
  { scale: '1-5', answer: 'It is a decent answer.\n3.5', message: /whole number/ },
  { scale: '0-1', answer: 'Score: 1.5', message: /outside 0–1/ },
  { scale: '0-1', answer: '{"score": "high", "reasoning": "good"}', message: /no 0–1 score/ },
  { scale: 'binary', answer: 'The answer is partially right but misses some details.', message: /no pass\/fail verdict/ },
  { scale: 'binary', answer: 'Score: 4', message: /not a pass\/fail verdict/ },
  { scale: '1-5', answer: 'Verdict: PASS', message: /pass\/fail verdict where a 1–5 score/ },
  { scale: '0-1', answer: '<html><body>502 Bad Gateway</body></html>', message: /no 0–1 verdict/ },
];

describe('reading a judge’s verdict', () => {
  it.each(read)('reads $scale from: $answer', ({ answer, scale, score, reason }) => {
    const verdict = readVerdict(answer, scale);
    expect(verdict).toMatchObject({ score });
    if (typeof reason === 'string') expect(verdict).toMatchObject({ reason });
    else if (reason) expect((verdict as { reason: string }).reason).toMatch(reason);
  });

  it.each(refused)('refuses ($scale): $answer', ({ answer, scale, message }) => {
    const verdict = readVerdict(answer, scale);
    expect(verdict).not.toHaveProperty('score');
    expect((verdict as { error: string }).error).toMatch(message);
  });

  it('quotes the first 200 characters of an answer it cannot read', () => {
    const answer = `${'The response is thoughtful and well organised. '.repeat(10)}`;
    const verdict = readVerdict(answer, '1-5') as { error: string };
    expect(verdict.error).toContain(`"${answer.trim().slice(0, 200)}…"`);
    expect(verdict.error).not.toContain(answer.trim().slice(0, 201));
  });

  it('keeps at most 2,000 characters of reasoning', () => {
    const verdict = readVerdict(`${'x'.repeat(5_000)}\nScore: 2`, '1-5') as { score: number; reason: string };
    expect(verdict.score).toBe(2);
    expect(verdict.reason.length).toBe(MAX_REASON_CHARS);
  });

  it('reads a long answer full of spaces and digits at once', () => {
    const noise = `Score${' '.repeat(50_000)}x\n${'1 '.repeat(50_000)}`;
    expect(readVerdict(`${noise}\nScore: 3`, '1-5')).toMatchObject({ score: 3 });
    expect(readVerdict(noise, '1-5')).toHaveProperty('error');
  });
});
