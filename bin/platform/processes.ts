/**
 * Long-running processes that `npm start` runs beside the web server and
 * the queue worker (local simulators of the tax authorities). Each entry is
 * an ace command with the URL it serves, printed in the start banner.
 */
export interface ExtraProcess {
  label: string
  args: string[]
  url: string
}

export function extraProcesses(_env: Record<string, string>): ExtraProcess[] {
  return []
}
