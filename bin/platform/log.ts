/**
 * Console output of the platform launcher (not the application logger: the
 * launcher runs before the application boots).
 */
const useColor = process.stdout.isTTY && !process.env.NO_COLOR

function paint(code: number, text: string) {
  return useColor ? `\u001b[${code}m${text}\u001b[0m` : text
}

export const say = {
  step: (text: string) => process.stdout.write(`${paint(36, '›')} ${text}\n`),
  ok: (text: string) => process.stdout.write(`${paint(32, '✓')} ${text}\n`),
  warn: (text: string) => process.stdout.write(`${paint(33, '!')} ${text}\n`),
  fail: (text: string) => process.stderr.write(`${paint(31, '✗')} ${text}\n`),
  bold: (text: string) => paint(1, text),
}
