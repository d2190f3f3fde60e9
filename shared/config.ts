/** A variable the stack must set; its absence is a deployment bug, so it fails loudly at cold start. */
export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`Environment variable ${name} is not set.`);
  return value;
}
