/**
 * How Facturo writes its own figures in Spanish where no company is in
 * view (plan prices, the platform console, the local Stripe stand-in): in
 * US dollars, the way the Spanish-speaking dollar economies write them
 * ($1.234,50). A company's pages use its country's locale instead (its
 * tax adapter's `profile.currency.locale`, shared as `formatLocale`).
 */
export const platformFormatLocale = 'es-EC'
