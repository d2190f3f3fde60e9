/** A return receiver configured for the sandbox user, as DHL keeps them per receiverId. */
export interface DhlSandboxReceiver {
  name: string;
  street: string;
  houseNumber: string;
  postalCode: string;
  city: string;
  /**
   * The country the returns come from (DHL's `Receiver.shipperCountry`, alpha-3, lower case); it
   * decides the shipper's postal code format and whether customs details are required. Default `deu`.
   */
  shipperCountry?: string;
}

/**
 * The receivers every sandbox knows unless told otherwise: returns from Germany and from Austria (DHL keeps one
 * receiver per country of origin), both to a German returns centre.
 */
export const DEFAULT_RECEIVERS: Readonly<Record<string, DhlSandboxReceiver>> = {
  deu: {
    name: 'Kreislauf Retourenzentrum',
    street: 'Beispielweg',
    houseNumber: '12',
    postalCode: '53113',
    city: 'Bonn',
    shipperCountry: 'deu',
  },
  aut: {
    name: 'Kreislauf Retourenzentrum',
    street: 'Beispielweg',
    houseNumber: '12',
    postalCode: '53113',
    city: 'Bonn',
    shipperCountry: 'aut',
  },
};
