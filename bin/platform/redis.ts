import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { createConnection } from 'node:net'
import { join } from 'node:path'
import { TMP } from './paths.js'
import { run, sleep, which } from './exec.js'
import { aptInstall } from './apt.js'
import { say } from './log.js'

/** Sends PING over a raw socket; true when the server answers PONG. */
export function pingRedis(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port })
    const done = (value: boolean) => {
      socket.destroy()
      resolve(value)
    }
    socket.setTimeout(timeoutMs, () => done(false))
    socket.on('error', () => done(false))
    socket.on('connect', () => socket.write('PING\r\n'))
    socket.on('data', (data) => done(data.toString().startsWith('+PONG')))
  })
}

/**
 * The embedded default Redis: redis-server from Debian, data and pid in
 * tmp/redis. Installed with apt when missing and we may (root); otherwise a
 * clear message says how.
 */
export class LocalRedis {
  readonly dir = join(TMP, 'redis')
  readonly pidFile = join(TMP, 'redis', 'redis.pid')
  startedByUs = false

  constructor(readonly port: number) {}

  get socketPath() {
    return join(this.dir, 'redis.sock')
  }

  async start() {
    if (await pingRedis('127.0.0.1', this.port)) {
      say.ok(`Redis already running on 127.0.0.1:${this.port}`)
      return
    }
    let binary = which('redis-server')
    if (!binary && (await aptInstall('redis-server', 'queues need Redis')))
      binary = which('redis-server')
    if (!binary) {
      throw new Error(
        'redis-server is not installed. Install it (Debian/Ubuntu: sudo apt-get install redis-server; ' +
          'macOS: brew install redis) or point QUEUE_REDIS_HOST/QUEUE_REDIS_PORT to an existing Redis.'
      )
    }
    mkdirSync(this.dir, { recursive: true })
    const started = await run(binary, [
      '--port',
      String(this.port),
      '--bind',
      '127.0.0.1',
      '--daemonize',
      'yes',
      '--pidfile',
      this.pidFile,
      '--dir',
      this.dir,
      '--logfile',
      join(this.dir, 'redis.log'),
      '--save',
      '',
      '--appendonly',
      'yes',
      // Local clients use the socket (less CPU per command than TCP loopback).
      '--unixsocket',
      this.socketPath,
      '--unixsocketperm',
      '700',
    ])
    if (started.code !== 0)
      throw new Error(`redis-server did not start:\n${started.stderr || started.stdout}`)
    for (let attempt = 0; attempt < 50; attempt++) {
      if (await pingRedis('127.0.0.1', this.port)) {
        this.startedByUs = true
        say.ok(`Redis started on 127.0.0.1:${this.port} (data in tmp/redis)`)
        return
      }
      await sleep(100)
    }
    throw new Error('redis-server started but does not answer PING (log: tmp/redis/redis.log)')
  }

  async stop() {
    if (!this.startedByUs || !existsSync(this.pidFile)) return
    const pid = Number(readFileSync(this.pidFile, 'utf8').trim())
    try {
      process.kill(pid, 'SIGTERM')
    } catch {
      return
    }
    for (let attempt = 0; attempt < 50; attempt++) {
      try {
        process.kill(pid, 0)
        await sleep(100)
      } catch {
        break
      }
    }
    this.startedByUs = false
    say.ok('Redis stopped')
  }
}
