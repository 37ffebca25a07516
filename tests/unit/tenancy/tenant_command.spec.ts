import { test } from '@japa/runner'
import ace from '@adonisjs/core/services/ace'
import testUtils from '@adonisjs/core/services/test_utils'
import Membership from '#accounts/models/membership'
import { TenantCommand } from '#tenancy/tenant_command'
import { tenantContext } from '#tenancy/tenant_context'
import { addMember, createCompany, createUser } from '#tests/helpers/accounts'

/** A command of the kind later modules write: it lists the company's members. */
class ProbeCommand extends TenantCommand {
  static commandName = 'test:tenant-probe'
  static description = 'Lists the members of a company (test probe)'

  seen: { tenantId: number | null; members: number[] } | null = null

  async run() {
    const members = await Membership.all()
    this.seen = {
      tenantId: tenantContext.current()?.id ?? null,
      members: members.map((member) => member.id),
    }
  }
}

test.group('Tenant commands', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(() => {
    ace.ui.switchMode('raw')
    return () => ace.ui.switchMode('normal')
  })

  test('--tenant=<slug> runs the command inside that company', async ({ assert }) => {
    const a = await createCompany('OWNER')
    const b = await createCompany('OWNER')
    const bOperator = await addMember(b.tenant, await createUser(), 'OPERATOR')

    const command = await ace.create(ProbeCommand, [`--tenant=${b.tenant.slug}`])
    await command.exec()
    command.assertSucceeded()
    assert.equal(command.seen?.tenantId, b.tenant.id)
    assert.sameMembers(command.seen!.members, [b.membership.id, bOperator.id])
    assert.notInclude(command.seen!.members, a.membership.id)
    assert.isNull(tenantContext.current())
  })

  test('--tenant=<id> works too', async ({ assert }) => {
    const a = await createCompany('OWNER')
    const command = await ace.create(ProbeCommand, ['--tenant', String(a.tenant.id)])
    await command.exec()
    command.assertSucceeded()
    assert.deepEqual(command.seen?.members, [a.membership.id])
  })

  test('an unknown company fails with a message and runs nothing', async ({ assert }) => {
    const command = await ace.create(ProbeCommand, ['--tenant=no-existe'])
    await command.exec()
    command.assertFailed()
    command.assertLogMatches(/Company "no-existe" not found/)
    assert.isNull(command.seen)
  })
})
