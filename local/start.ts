import { resolve } from 'node:path';

// `npm start`: the whole platform on this machine. Settings by environment variable:
// PORT (default 3000), KREISLAUF_HOME (default .kreislauf), DHL_SANDBOX_FAULTS (JSON, e.g. {"errorRate":0.3}),
// KREISLAUF_THROTTLE_SCALE (multiplies every route's rate and burst limit, default 1), KREISLAUF_WARM_FUNCTIONS
// (`false`: load each function's code at its first invocation instead of all of them once ready).

const began = Date.now();
const port = Number(process.env.PORT ?? 3000);
const home = resolve(process.env.KREISLAUF_HOME ?? '.kreislauf');
console.log('Starting Kreislauf…');
const { JavaMissingError, bootDynamoDbLocal } = await import('./services/dynamodb-local');
const { dataFolder } = await import('./services/data-folder');

try {
  // DynamoDB Local's JVM boots (2–3 s on 2 cores) while Node.js loads the rest of the platform
  // (1.5–2 s); the platform waits for it with its other services and stops it with them.
  const { ready: dynamodb } = await bootDynamoDbLocal({ dataDir: dataFolder(home).dynamodbDir });
  dynamodb.catch(() => undefined);
  const { startLocalPlatform } = await import('./platform');
  const platform = await startLocalPlatform({
    home,
    port,
    dynamodb,
    ...(process.env.DHL_SANDBOX_FAULTS ? { dhlFaults: JSON.parse(process.env.DHL_SANDBOX_FAULTS) } : {}),
    ...(process.env.KREISLAUF_THROTTLE_SCALE ? { throttleScale: Number(process.env.KREISLAUF_THROTTLE_SCALE) } : {}),
    warmFunctions: process.env.KREISLAUF_WARM_FUNCTIONS !== 'false',
    log: (line) => console.log(`· ${line}`),
  });
  const api = platform.apiUrl;
  console.log(`
Kreislauf is running (ready in ${((Date.now() - began) / 1000).toFixed(1)} s)

  Web app        ${api}/   (trade-in: ${api}/trade-in/demo, staff: ${api}/staff/, dashboard: ${api}/dashboard/)
  API            ${api}
  Health         ${api}/health
  Demo catalog   ${api}/v1/brands/demo/catalog
  E-mail outbox  ${platform.outboxUrl}   (files: ${platform.outboxDir})
  DHL sandbox    ${platform.dhl.baseUrl}   (return labels; parcels back to customers: ${platform.dhl.shippingBaseUrl}, made: ${new URL(platform.dhl.baseUrl).origin}/_sandbox/shipments)
  Repair jobs    ${platform.repairPartners.origin}/_sandbox/jobs   (the demo brand's repair partners)
  Sales channels ${api}/_local/sandboxes   (listings: GET {sandbox}/_sandbox/listings; a buyer: POST {sandbox}/_sandbox/orders {"sku"})
    Shopify      ${platform.shopify.origin}
    eBay         ${platform.ebay.apiUrl}
    Back Market  ${platform.backmarket.apiUrl}
    Refurbed     ${platform.refurbed.apiUrl}
  Clock          ${api}/_local/clock   (move it: curl -s -d '{"advanceSeconds":86400}' ${api}/_local/clock)
  Queues         ${api}/_local/queues
  JWKS           ${api}/_local/jwks.json   (the local issuer of the staff tokens)
  Data           ${home}

Try it:  curl -s ${api}/v1/brands/demo/catalog
Staff:   npm run token -- --brand demo --role ops   (add -s after npm to capture it: TOKEN=$(npm run -s token -- --brand demo --role ops))
Stop with Ctrl-C.
`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('Stopping Kreislauf…');
    await platform.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (error) {
  if (error instanceof JavaMissingError) {
    console.error(error.message);
  } else {
    console.error('Kreislauf could not start:', error);
  }
  process.exit(1);
}
