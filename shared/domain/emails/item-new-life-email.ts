import { renderEmail, type CustomerEmail, type RenderedEmail } from './layout';

export interface ItemNewLifeEmailInput extends CustomerEmail {
  productName: string;
  /** Repaired and ready for resale, or sold to a new owner. */
  kind: 'REPAIRED' | 'SOLD';
}

const COPY = {
  de: {
    REPAIRED: {
      subject: 'Ihr früherer Artikel ist repariert',
      news: (product: string) =>
        `gute Nachrichten: Ihr früherer Artikel „${product}“ ist repariert und bereit für ein zweites Leben. Bald kann ihn jemand Neues nutzen – dank Ihnen.`,
    },
    SOLD: {
      subject: 'Ihr früherer Artikel hat ein neues Zuhause',
      news: (product: string) =>
        `gute Nachrichten: Ihr früherer Artikel „${product}“ hat jemanden gefunden, der ihn weiter nutzt.`,
    },
    thanks: 'Danke, dass Sie ihn zurückgegeben haben, statt ihn im Schrank liegen zu lassen.',
  },
  en: {
    REPAIRED: {
      subject: 'Your former item has been repaired',
      news: (product: string) =>
        `Good news: your former "${product}" has been repaired and is ready for a second life. Soon someone new will be using it, thanks to you.`,
    },
    SOLD: {
      subject: 'Your former item has found a new owner',
      news: (product: string) => `Good news: your former "${product}" has found a new owner who will keep it in use.`,
    },
    thanks: 'Thank you for passing it on instead of leaving it in a drawer.',
  },
} as const;

/**
 * The e-mail that tells the customer what became of the item they traded in: repaired, or sold to
 * a new owner.
 *
 * @example
 * renderItemNewLifeEmail({
 *   locale: 'en', brandName: 'Demo Outfitters', customerName: 'Alex', productName: 'Fjell Down Jacket', kind: 'SOLD',
 * }).subject; // 'Your former item has found a new owner'
 */
export function renderItemNewLifeEmail(input: ItemNewLifeEmailInput): RenderedEmail {
  const copy = COPY[input.locale];
  return renderEmail(input, {
    subject: copy[input.kind].subject,
    blocks: [
      { kind: 'paragraph', text: copy[input.kind].news(input.productName) },
      { kind: 'paragraph', text: copy.thanks },
    ],
  });
}
