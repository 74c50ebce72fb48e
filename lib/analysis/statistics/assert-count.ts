// Every exact method here (hypergeometric, binomial, permutation) is only defined for whole counts, so
// fractional or negative input is a caller bug worth failing loudly on rather than a value to coerce.
export function assertCount(value: number, name: string): void {
  if (!Number.isInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
  }
}

export function assertConfidence(confidence: number): void {
  if (!(confidence > 0 && confidence < 1)) {
    throw new RangeError(`confidence must lie strictly between 0 and 1, got ${confidence}`);
  }
}
