/** The brands of the deployment, for the scheduled jobs that run for each of them. */
export interface BrandDirectory {
  brands(): Promise<string[]>;
}
