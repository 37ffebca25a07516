/*
 * `npm start` runs every registered country's simulator through one
 * command, `node ace tax:simulator --all`, at the address each adapter's
 * configuration names; the launcher knows no country.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from '@japa/runner'
import tax from '#adapters/core/services/tax'
import { localPort } from '#commands/tax_simulator'
import { extraProcesses, simulatorLines } from '#platform/processes'

test.group('Platform | tax simulators', () => {
  test('the launcher runs one adapter-driven command, not a country', ({ assert }) => {
    const [simulators] = extraProcesses({})
    assert.deepEqual(simulators.args.slice(0, 3), ['ace', 'tax:simulator', '--all'])
    assert.notMatch(JSON.stringify(extraProcesses({})), /\b(EC|PA|SRI|HKA)\b/)
  })

  test('every registered country with a simulator names a local address', ({ assert }) => {
    for (const country of tax.countries().filter((code) => tax.simulator(code))) {
      assert.isNumber(localPort(tax.simulatorUrl(country)), country)
    }
  })

  test('local ports only', ({ assert }) => {
    assert.equal(localPort('http://127.0.0.1:3402'), 3402)
    assert.equal(localPort('http://localhost:3401/'), 3401)
    assert.isUndefined(localPort('https://demoemision.thefactoryhka.com.pa/ws'))
    assert.isUndefined(localPort('nonsense'))
    assert.isUndefined(localPort(undefined))
  })

  test('the banner lists what the command announced', ({ assert }) => {
    const folder = mkdtempSync(join(tmpdir(), 'facturo-simulators-'))
    const file = join(folder, 'simulators.json')
    assert.match(simulatorLines(file)[0], /starting/)
    writeFileSync(
      file,
      JSON.stringify([
        { country: 'EC', url: 'http://127.0.0.1:3401', lines: [] },
        { country: 'PA', url: 'http://127.0.0.1:3402', lines: [] },
      ])
    )
    assert.deepEqual(simulatorLines(file), [
      '  Simulator EC    http://127.0.0.1:3401/',
      '  Simulator PA    http://127.0.0.1:3402/',
    ])
  })
})
