export { DhlReturnsCarrier, type DhlReturnsCarrierOptions } from './dhl-returns-carrier';
