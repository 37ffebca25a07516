/**
 * Request allowances of the REST API per token and per company, over a
 * window of `duration` seconds. A container binding, so an operator can
 * bind other figures and tests can swap small ones in.
 */
export class ApiLimits {
  constructor(
    readonly perToken = { requests: 300, duration: 60 },
    readonly perCompany = { requests: 600, duration: 60 }
  ) {}
}
