import { describe, expect, it } from 'vitest';
import { toReturnOrder } from '../../shared/adapters/dhl/return-order';
import { toShipmentOrder } from '../../shared/adapters/dhl/shipment-order';
import type { CarrierParty } from '../../shared/ports/label-carrier';
import { aCarrierParty } from '../support/fixtures';

// What the DHL adapters put in the bodies they send: the customer's e-mail address goes where DHL has a use for it
// that serves the customer, and takes it, and nowhere else.

/** An address of `length` characters, as a customer may have one (254 at most). */
const anEmailOf = (length: number) => `${'e'.repeat(length - '@example.org'.length)}@example.org`;

const customer = (email?: string): CarrierParty => aCarrierParty(email === undefined ? {} : { email });

describe("DHL's return order", () => {
  it.each([20, 70, 77, 254])('sends the shipper without the e-mail address of %i characters, and the rest as given', (length) => {
    const order = toReturnOrder({ reference: '01JD8ZQ6K4M2X7V3N9P5R8T1WB', receiverId: 'deu', shipper: customer(anEmailOf(length)), weightGrams: 800 });

    expect(order.shipper).toEqual({
      name1: 'Jürgen Müller',
      addressStreet: 'Kastanienallee',
      addressHouse: '12a',
      postalCode: '10435',
      city: 'Berlin',
      country: 'deu',
    });
    expect(JSON.stringify(order)).not.toContain('@');
  });
});

describe("DHL's shipment order (a parcel back to its customer)", () => {
  const order = (email?: string) =>
    toShipmentOrder({
      reference: '01JD8ZQ6K4M2X7V3N9P5R8T1WB',
      product: 'V01PAK',
      billingNumber: '33333333330101',
      shipperRef: 'warehouse',
      consignee: customer(email),
      weightGrams: 800,
    }).shipments[0].consignee;

  it('sends the consignee with an e-mail address DHL takes, of up to 80 characters', () => {
    expect(order(anEmailOf(80))).toEqual({
      name1: 'Jürgen Müller',
      addressStreet: 'Kastanienallee',
      addressHouse: '12a',
      postalCode: '10435',
      city: 'Berlin',
      country: 'DEU',
      email: anEmailOf(80),
    });
  });

  it.each([81, 254])('sends the consignee without an e-mail address of %i characters, which DHL would refuse the label for', (length) => {
    expect(order(anEmailOf(length))).not.toHaveProperty('email');
    expect(order(anEmailOf(length))).toMatchObject({ name1: 'Jürgen Müller', postalCode: '10435', country: 'DEU' });
  });

  it('sends none when the customer has none', () => {
    expect(order()).not.toHaveProperty('email');
  });
});
