import { spawn, type ChildProcess } from 'node:child_process'
import { ROOT } from './paths.js'
import { sleep } from './exec.js'
import { say } from './log.js'

interface Managed {
  name: string
  child: ChildProcess
  exited: Promise<number>
}

/**
 * Starts long-running processes (web server, queue worker, simulators) each
 * in its own process group, and stops them all on request: SIGINT to the
 * whole group (`node ace` children ignore SIGTERM), then SIGKILL after a
 * grace period, so Ctrl-C never leaves a process behind.
 */
export class Supervisor {
  #processes: Managed[] = []
  #stopping = false
  onUnexpectedExit: (name: string, code: number) => void = () => {}

  spawn(name: string, command: string, args: string[], env: NodeJS.ProcessEnv) {
    const child = spawn(command, args, { cwd: ROOT, env, stdio: 'inherit', detached: true })
    const exited = new Promise<number>((resolve) => {
      child.on('exit', (code, signal) => {
        const status = code ?? (signal ? 128 : 0)
        if (!this.#stopping) this.onUnexpectedExit(name, status)
        resolve(status)
      })
    })
    this.#processes.push({ name, child, exited })
    return child
  }

  async stopAll(graceMs = 10_000) {
    this.#stopping = true
    await Promise.all(
      this.#processes.map(async ({ name, child, exited }) => {
        if (child.exitCode !== null || child.signalCode !== null || !child.pid) return
        try {
          process.kill(-child.pid, 'SIGINT')
        } catch {
          return
        }
        const finished = await Promise.race([
          exited.then(() => true),
          sleep(graceMs).then(() => false),
        ])
        if (!finished) {
          say.warn(`${name} did not stop in time; killing it`)
          try {
            process.kill(-child.pid, 'SIGKILL')
          } catch {}
          await exited
        }
        // Any grandchild left in the group goes too.
        try {
          process.kill(-child.pid, 'SIGKILL')
        } catch {}
      })
    )
    this.#processes = []
  }
}
