import { test } from '@japa/runner'
import { readFile } from 'node:fs/promises'
import app from '@adonisjs/core/services/app'
import { PERMISSIONS, ROLES, ROLE_PERMISSIONS } from '#accounts/roles'

/**
 * docs/roles.md is the contract people read; #accounts/roles is what the
 * code enforces. They must say the same thing.
 */
test.group('Roles matrix document', () => {
  test('docs/roles.md lists every permission with the same roles as the code', async ({
    assert,
  }) => {
    const markdown = await readFile(app.makePath('docs/roles.md'), 'utf8')
    const rows = markdown
      .split('\n')
      .filter((line) => /^\| `[a-z]+\.[a-z]+` \|/.test(line))
      .map((line) => line.split('|').map((cell) => cell.trim()))

    const documented = new Map<string, Record<string, boolean>>()
    for (const cells of rows) {
      const permission = cells[1].replace(/`/g, '')
      const marks = cells.slice(2, 2 + ROLES.length)
      documented.set(
        permission,
        Object.fromEntries(ROLES.map((role, index) => [role, marks[index] === '✓']))
      )
    }

    assert.sameMembers([...documented.keys()], [...PERMISSIONS])
    for (const permission of PERMISSIONS) {
      for (const role of ROLES) {
        assert.equal(
          documented.get(permission)![role],
          ROLE_PERMISSIONS[role].includes(permission),
          `${role} / ${permission}`
        )
      }
    }
  })
})
