/** Where the runtime reports what it does; `quiet` keeps only warnings and errors. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** A logger that prefixes every line with `[local-cloud]`. */
export function createLogger(quiet = false): Logger {
  return {
    info: (message) => {
      if (!quiet) console.log(`[local-cloud] ${message}`);
    },
    warn: (message) => console.warn(`[local-cloud] ${message}`),
    error: (message) => console.error(`[local-cloud] ${message}`),
  };
}
