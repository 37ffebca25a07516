import { test } from '@japa/runner'
import { FakeTaxAuthority } from '#adapters/core/fake_authority'
import tax from '#adapters/core/services/tax'

test.group('TaxAuthority | today in the authority calendar', () => {
  test('the date is the one of the profile time zone, not of UTC', ({ assert }) => {
    // 03:00 UTC on 1 March is still 28 February in Guayaquil and Panama (UTC−5).
    const night = new Date('2026-03-01T03:00:00Z')
    assert.equal(tax.use('EC').today(night), '2026-02-28')
    assert.equal(tax.use('PA').today(night), '2026-02-28')
    assert.equal(new FakeTaxAuthority().today(night), '2026-03-01')
    assert.equal(new FakeTaxAuthority({ timeZone: 'Asia/Tokyo' }).today(night), '2026-03-01')
    assert.equal(new FakeTaxAuthority({ timeZone: 'Pacific/Honolulu' }).today(night), '2026-02-28')
    // From 05:00 UTC it is 1 March in Ecuador too.
    assert.equal(tax.use('EC').today(new Date('2026-03-01T05:00:00Z')), '2026-03-01')
  })
})
