import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';

/** One logger and one metrics emitter per Lambda; the service name comes from POWERTOOLS_SERVICE_NAME. */
export const logger = new Logger({ serviceName: 'kreislauf' });
// Marked pure so that a bundle whose handler emits no metric leaves the Metrics code out.
export const metrics = /* @__PURE__ */ new Metrics({ namespace: 'Kreislauf', serviceName: 'kreislauf' });
