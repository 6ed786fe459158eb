import { describe, expect, it } from 'vitest';
import { emptyDraft, parseDraft, type ExperimentDraft } from '@/components/experiments/experiment-draft';

// The console's Targeting field: JSON text in, the condition (or null) out, and a refusal that
// says where in the condition the problem is.

const prompt = { name: 'support/reply', latestVersion: 3, labels: { production: 2, latest: 3 } };
const filled = (targeting: string): ExperimentDraft => ({ ...emptyDraft(prompt), key: 'tone', name: 'Tone', targeting });

describe('the targeting field', () => {
  it('sends no condition when left empty', () => {
    const parsed = parseDraft(filled('  '));
    expect(parsed.ok && parsed.input.targeting).toBeNull();
  });

  it('sends the condition typed', () => {
    const parsed = parseDraft(filled('{"country": {"$in": ["DE", "FR"]}, "plan": "pro"}'));
    expect(parsed.ok && parsed.input.targeting).toEqual({ country: { $in: ['DE', 'FR'] }, plan: 'pro' });
  });

  it('refuses text that is not JSON', () => {
    const parsed = parseDraft(filled('{country: DE}'));
    expect(!parsed.ok && parsed.errors.targeting).toMatch(/must be JSON/);
  });

  it('names the place of an invalid operator in the one field', () => {
    const parsed = parseDraft(filled('{"$or": [{"plan": "pro"}, {"country": {"$in": "DE"}}]}'));
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.errors).toEqual({ targeting: '$or.1.country.$in: $in takes a list of strings, numbers or booleans' });
  });
});
