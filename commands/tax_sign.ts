/*
|--------------------------------------------------------------------------
| node ace tax:sign <country> --input doc.json --p12 cert.p12 --out signed.xml
|--------------------------------------------------------------------------
|
| Builds and signs one document from a JSON file, through the same adapter
| the application uses, and prints its authority key (the SRI clave de
| acceso). Nothing is sent to the authority. JSON format and a sample:
| docs/adapters/ecuador-sri.md, docs/adapters/samples/.
|
| The certificate password is read from --password or, to keep it out of
| the shell history, from the FACTURO_P12_PASSWORD environment variable;
| `--password ''` and no password at all both mean an empty one (common in
| test certificates). It is never printed.
|
| It opens no database, Redis or mail connection, so it is a standalone
| command (see bin/console.ts): it runs in a fresh clone after
| `npm install`, with no .env. A self-signed or CA certificate signs, with
| a warning: SRI's production environment refuses it.
|
*/
import { readFile, writeFile } from 'node:fs/promises'
import { BaseCommand, args, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import { TaxError } from '#adapters/core/errors'
import { parsePkcs12, type NotAccreditedReason } from '#adapters/core/pkcs12'
import type {
  IssuerContext,
  IssuerIdentity,
  TaxDocument,
  TaxEnvironment,
} from '#adapters/core/types'

interface SignInput {
  issuer: IssuerIdentity
  environment?: TaxEnvironment
  settings?: Record<string, unknown>
  document: TaxDocument
}

export default class TaxSignCommand extends BaseCommand {
  static commandName = 'tax:sign'
  static description =
    'Build and sign a document from JSON with a PKCS#12 certificate (prints the authority key)'
  /**
   * `standalone`: the app boots (the tax adapters are providers) without
   * requiring the database, Redis and mail settings, which this command
   * never uses (bin/console.ts, start/env.ts).
   */
  static options: CommandOptions = { startApp: true, standalone: true }

  @args.string({ description: 'Country code of the tax adapter, e.g. EC' })
  declare country: string

  @flags.string({ description: 'JSON file with { issuer, environment, document }', required: true })
  declare input: string

  @flags.string({
    flagName: 'p12',
    description: 'PKCS#12 (.p12/.pfx) signing certificate',
    required: true,
  })
  declare p12: string

  @flags.string({
    description: "Certificate password (or set FACTURO_P12_PASSWORD); '' or none for no password",
    allowEmptyValue: true,
  })
  declare password?: string

  @flags.string({ description: 'Where to write the signed XML (default: standard output)' })
  declare out?: string

  async run() {
    try {
      const input = await this.#readInput()
      const password = this.password ?? process.env.FACTURO_P12_PASSWORD ?? ''
      const credential = parsePkcs12(await this.#readFile(this.p12, 'certificate'), password)
      if (credential.notAccreditedReason) {
        this.logger.warning(NOT_ACCREDITED[credential.notAccreditedReason])
      }

      const { default: tax } = await import('#adapters/core/services/tax')
      const authority = tax.use(this.country)
      const issuer: IssuerContext = {
        identity: input.issuer,
        environment: input.environment ?? 'test',
        credentials: { signing: credential },
        settings: input.settings,
      }

      const issues = await authority.validate(input.document, issuer)
      for (const issue of issues) {
        const line = `${issue.field || '(documento)'}: ${issue.message.es} / ${issue.message.en}`
        if (issue.severity === 'error') this.logger.error(line)
        else this.logger.warning(line)
      }
      if (issues.some((issue) => issue.severity === 'error')) {
        this.logger.error(
          'El documento tiene errores; no se firmó. / The document has errors; not signed.'
        )
        this.exitCode = 1
        return
      }

      const built = await authority.buildDocument(input.document, issuer)
      const signed = await authority.sign(built, issuer)
      if (this.out) {
        await writeFile(this.out, signed.body, 'utf8')
        this.logger.success(`${built.number} → ${this.out}`)
      } else {
        this.logger.log(signed.body)
      }
      this.logger.info(`Total: ${built.totals.total} (${built.format})`)
      // Last line: the clave alone, easy to capture in scripts.
      this.logger.log(signed.authorityKey)
    } catch (error) {
      this.exitCode = 1
      if (error instanceof TaxError) {
        this.logger.error(`${error.messages.es} / ${error.messages.en}`)
      } else if (error instanceof InputError) {
        this.logger.error(error.message)
      } else {
        throw error
      }
    }
  }

  async #readFile(path: string, what: string): Promise<Buffer> {
    try {
      return await readFile(path)
    } catch (error) {
      throw new InputError(
        `No se pudo leer el archivo (${what}) ${path}: ${(error as NodeJS.ErrnoException).code ?? error}` +
          ` / Could not read the ${what} file ${path}`
      )
    }
  }

  async #readInput(): Promise<SignInput> {
    const bytes = await this.#readFile(this.input, 'JSON')
    const text = bytes.toString('utf8')
    let data: unknown
    try {
      data = JSON.parse(text)
    } catch (error) {
      throw new InputError(
        `El archivo ${this.input} no es JSON válido / ${this.input} is not valid JSON: ${(error as Error).message}`
      )
    }
    const input = data as Partial<SignInput>
    if (!input || typeof input !== 'object' || !input.issuer || !input.document) {
      throw new InputError(
        'El JSON debe tener "issuer" y "document" (vea docs/adapters/ecuador-sri.md) / ' +
          'The JSON needs "issuer" and "document" (see docs/adapters/ecuador-sri.md)'
      )
    }
    if (input.environment && !['test', 'production'].includes(input.environment)) {
      throw new InputError(
        '"environment" es "test" o "production" / must be "test" or "production"'
      )
    }
    return input as SignInput
  }
}

class InputError extends Error {}

const NOT_ACCREDITED: Record<NotAccreditedReason, string> = {
  self_signed:
    'El certificado es autofirmado: sirve en el ambiente de pruebas del SRI, pero el de producción ' +
    'rechaza los certificados que no emitió una entidad de certificación acreditada. / ' +
    "The certificate is self-signed: SRI's test environment accepts it, but production rejects " +
    'certificates not issued by an accredited certification entity.',
  ca_certificate:
    'El certificado es de una autoridad de certificación (CA): sirve en el ambiente de pruebas del SRI, ' +
    'pero el de producción rechaza los certificados que no emitió una entidad de certificación acreditada. / ' +
    "The certificate is a certification-authority (CA) certificate: SRI's test environment accepts it, " +
    'but production rejects certificates not issued by an accredited certification entity.',
}
