/*
 * Boots the Facturo application inside a benchmark script (like ace does,
 * without a command), so the scripts use the real models, pipeline and
 * queue configuration. Settings come from the environment (DB_*, QUEUE_*).
 */
import 'reflect-metadata'
import { existsSync, readFileSync } from 'node:fs'
import { Ignitor } from '@adonisjs/core'
import { EnvParser } from '@adonisjs/env'

const APP_ROOT = new URL('../', import.meta.url)

/**
 * Like `npm start`: talk to the embedded PostgreSQL and Redis over their
 * Unix sockets under tmp/ when they are there (the benchmark's child
 * processes inherit the choice).
 */
function useLocalSockets() {
  const root = `${process.cwd()}/`
  const pgDir = `${root}tmp/pg`
  // The cluster's port (a second checkout runs its own on EMBEDDED_DB_PORT).
  const port = process.env.EMBEDDED_DB_PORT || '54329'
  if (!process.env.DB_SOCKET_DIR && existsSync(`${pgDir}/.s.PGSQL.${port}`)) {
    process.env.DB_SOCKET_DIR = pgDir
  }
  const redisSocket = `${root}tmp/redis/redis.sock`
  if (!process.env.QUEUE_REDIS_SOCKET && existsSync(redisSocket)) {
    process.env.QUEUE_REDIS_SOCKET = redisSocket
  }
}

/**
 * Compiled runs (`node build/bench/…`) start in build/, which has no .env:
 * the project's .env (current directory) fills what the environment leaves
 * unset, for this process and its children.
 */
async function useProjectEnv() {
  if (existsSync(new URL('.env', APP_ROOT)) || !existsSync('.env')) return
  const values = await new EnvParser(readFileSync('.env', 'utf8')).parse()
  for (const [name, value] of Object.entries(values)) process.env[name] ??= value
}

export async function bootApp() {
  useLocalSockets()
  await useProjectEnv()
  const ignitor = new Ignitor(APP_ROOT, {
    importer: (filePath: string) =>
      filePath.startsWith('./') || filePath.startsWith('../')
        ? import(new URL(filePath, APP_ROOT).href)
        : import(filePath),
  })
  const app = ignitor.createApp('console')
  app.booting(async () => {
    await import('#start/env')
  })
  await app.init()
  await app.boot()
  await app.start(() => {})
  return app
}
