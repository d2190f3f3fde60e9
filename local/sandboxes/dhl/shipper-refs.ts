/** A sender address the sandbox user keeps in DHL's business customer portal, as DHL keeps them per `shipperRef`. */
export interface DhlSandboxShipper {
  name: string;
  street: string;
  houseNumber: string;
  postalCode: string;
  city: string;
}

/** The sender addresses every sandbox knows unless told otherwise: the demo brand's warehouse. */
export const DEFAULT_SHIPPER_REFS: Readonly<Record<string, DhlSandboxShipper>> = {
  'kreislauf-demo-warehouse': {
    name: 'Kreislauf Demo-Lager',
    street: 'Beispielweg',
    houseNumber: '12',
    postalCode: '53113',
    city: 'Bonn',
  },
};
