import { describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError } from '../../shared/domain/errors';
import { labelRefusalPage } from '../../shared/http/label-refusal-page';

const textOf = (page: ReturnType<typeof labelRefusalPage>) => new TextDecoder().decode('binary' in page ? page.binary : undefined);

describe("the page a label e-mail's link opens when the label is not handed out", () => {
  it('tells a customer whose take-back is cancelled not to send the parcel', () => {
    const page = labelRefusalPage(new ConflictError('…', { currentState: 'CANCELLED' }), 'de');
    expect(page.status).toBe(409);
    expect(textOf(page)).toContain('Bitte schicken Sie das Paket nicht ab.');
  });

  it('tells a customer whose parcel arrived that its label is used, not that the take-back is cancelled', () => {
    for (const currentState of ['RECEIVED', 'GRADED']) {
      const page = labelRefusalPage(new ConflictError('…', { currentState }), 'en');
      expect(page.status).toBe(409);
      expect(textOf(page)).toContain('Your parcel has arrived, so its label has been used.');
      expect(textOf(page)).not.toContain('cancelled');
    }
  });

  it('says the link is not valid, or the label not ready, for a label it cannot find', () => {
    expect(textOf(labelRefusalPage(new NotFoundError('…'), 'en'))).toContain('This link is not valid (any more), or the label is not ready yet.');
  });
});
