/*
|--------------------------------------------------------------------------
| Standalone commands
|--------------------------------------------------------------------------
|
| An Ace command whose options say `standalone: true` (tax:sign) boots the
| application for its providers but opens no database, Redis, mail or HTTP
| server. bin/console.ts marks the process before start/env.ts is loaded,
| and start/env.ts then fills the variables such a command never reads
| with inert local values instead of refusing to start, so the command runs
| in a fresh clone with no .env. The web server, the queue worker, the test
| runner and every other command never set the mark: for them every
| variable stays required.
|
*/
let standalone = false

/** Marks this process as running a standalone command (bin/console.ts only). */
export function markStandaloneCommand() {
  standalone = true
}

export function isStandaloneCommand(): boolean {
  return standalone
}
