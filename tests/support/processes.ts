import { execFile, execFileSync } from 'node:child_process';

/** Whether a process of that id runs (or is a zombie not yet reaped). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Processes other than this one whose command line names `text`: DynamoDB Local's JVM names its
 * data folder (`-dbPath`), so a platform's home finds what it left running.
 */
export function processesNaming(text: string): number[] {
  let listing = '';
  try {
    listing = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  } catch {
    return [];
  }
  return listing
    .split('\n')
    .filter((line) => line.includes(text))
    .map((line) => Number(line.trim().split(/\s+/)[0]))
    .filter((pid) => pid !== process.pid && Number.isInteger(pid));
}

/** Java processes running DynamoDB Local whose parent is `parentPid`. */
export function dynamoDbJvms(parentPid: number): Promise<number[]> {
  return new Promise((done) => {
    execFile('pgrep', ['-P', String(parentPid), '-f', 'DynamoDBLocal'], (_error, stdout) => {
      done(stdout.split('\n').filter(Boolean).map(Number));
    });
  });
}
