import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { emailsMarkdown } from '../../docs/generate-emails';

describe('docs/emails.md', () => {
  it('is what the e-mail catalogue renders today (regenerate it with `npx tsx docs/generate-emails.ts`)', async () => {
    const committed = await readFile(new URL('../../docs/emails.md', import.meta.url), 'utf8');
    expect(committed).toBe(emailsMarkdown());
  });
});
