import type { AuthorityEnvironment } from '#tenancy/models/tenant'
import type { PacTokens } from '#certificates/pac/pac_tokens'

/**
 * What the "test connection" button shows.
 * - `unavailable`: Facturo cannot talk to the PAC yet (no Panama adapter);
 * - `ok`: the PAC accepted the tokens (`foliosRestantes` = folios left);
 * - `rejected`: the PAC refused the tokens, with its message;
 * - `unreachable`: the PAC did not answer.
 */
export type PacConnectionResult =
  | { status: 'unavailable' }
  | { status: 'ok'; foliosRestantes: number }
  | { status: 'rejected'; message: string }
  | { status: 'unreachable'; message: string }

/**
 * Checks a Panama company's PAC tokens against The Factory HKA.
 *
 * This is the single seam the Panama adapter issue implements: call the
 * adapter's FoliosRestantes operation (through `#adapters/core/services/tax`,
 * never a country folder) with these tokens and environment, and map its
 * answer onto PacConnectionResult. Until that adapter exists there is no
 * client to call, so the honest answer is `unavailable` — never a faked
 * success.
 */
export async function testPacConnection(
  _tokens: PacTokens,
  _environment: AuthorityEnvironment
): Promise<PacConnectionResult> {
  return { status: 'unavailable' }
}
