/**
 * Runs a kill-harness worker (`tests/support/kill-harness.ts`): `main` gets the config the harness
 * handed over, and the process exits with its code, or 1 with the error on stderr.
 */
export function runWorker<Config>(main: (config: Config) => Promise<number>): void {
  main(JSON.parse(process.env.KILL_HARNESS_WORKER ?? '') as Config).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
