export { DhlParcelCarrier, type DhlParcelCarrierOptions } from './dhl-parcel-carrier';
export { DhlReturnsCarrier, type DhlReturnsCarrierOptions } from './dhl-returns-carrier';
