/**
 * Qualifiers read as intervals of the counts a statement can describe, and the tolerances that decide
 * whether a rounded or bounded statement merely restates a tally's current value.
 */
import type { Category, Qualifier } from "../model/figure.ts";

export interface Interval {
  min: number;
  max: number;
  minInclusive: boolean;
  maxInclusive: boolean;
}

/** "nearly 2,800" reaches down 5%: 2,783 is nearly 2,800, 2,500 is not. */
export const NEARLY_FLOOR = 0.95;
/** "about 30,000", "some 30,000": ±10%. */
export const ABOUT_SPREAD = 0.1;
/**
 * Outlets round an exact count up to a round floor ("more than 2,800" for 2,783, "more than 3,000" for
 * 2,855): a round floor at most 5% above an exact current value is that value restated, not a rise.
 */
export const ROUND_FLOOR_SLACK = 0.05;
/**
 * Missing and captured counts fall. A floor far below such a count ("at least 50 still missing" when 100
 * were) reports the fall; within 10% below it ("more than 100" of 103) it is a rounding.
 */
export const FALLING_FLOOR_REACH = 0.1;

/** Killed and wounded only grow (barring corrections); missing and captured may fall. */
export function isCumulative(category: Category): boolean {
  return category === "killed" || category === "wounded";
}

/** Exact counts first, then floors, then approximations: the order in which statements earn trust. */
export function precisionRank(qualifier: Qualifier): number {
  if (qualifier === "exact") return 2;
  return isLowerBound(qualifier) ? 1 : 0;
}

export function isLowerBound(qualifier: Qualifier): boolean {
  return qualifier === "at_least" || qualifier === "more_than";
}

/** Rounded or capped forms ("nearly", "about", "up to", "fewer than"): never a count to alert on. */
export function isApproximate(qualifier: Qualifier): boolean {
  return precisionRank(qualifier) === 0;
}

export function qualifierInterval(qualifier: Qualifier, n: number): Interval {
  switch (qualifier) {
    case "exact":
      return { min: n, max: n, minInclusive: true, maxInclusive: true };
    case "at_least":
      return { min: n, max: Number.POSITIVE_INFINITY, minInclusive: true, maxInclusive: false };
    case "more_than":
      return { min: n, max: Number.POSITIVE_INFINITY, minInclusive: false, maxInclusive: false };
    case "nearly":
      return { min: Math.floor(n * NEARLY_FLOOR), max: n, minInclusive: true, maxInclusive: false };
    case "about":
      return {
        min: Math.floor(n * (1 - ABOUT_SPREAD)),
        max: Math.ceil(n * (1 + ABOUT_SPREAD)),
        minInclusive: true,
        maxInclusive: true,
      };
    case "up_to":
      return { min: 0, max: n, minInclusive: false, maxInclusive: true };
    case "fewer_than":
      return { min: 0, max: n, minInclusive: false, maxInclusive: false };
  }
}

export function contains(interval: Interval, value: number): boolean {
  const aboveMin = interval.minInclusive ? value >= interval.min : value > interval.min;
  const belowMax = interval.maxInclusive ? value <= interval.max : value < interval.max;
  return aboveMin && belowMax;
}

/** At most two significant digits and a trailing zero: 90, 250, 2,800, 3,000; not 93, 2,718 or 2,850. */
export function isRound(n: number): boolean {
  if (!Number.isInteger(n) || n < 10 || n % 10 !== 0) return false;
  const digits = String(n).length;
  return digits <= 2 || n % 10 ** (digits - 2) === 0;
}

/**
 * Whether a statement is only the current value said another way, so that it must raise no alert.
 * `currentExact`: whether the current value is an exact count (only an exact count gets rounded up).
 */
export function restates(
  statement: { qualifier: Qualifier; value: number },
  current: { value: number; exact: boolean },
  category: Category,
): boolean {
  const { qualifier, value } = statement;
  if (isLowerBound(qualifier)) {
    if (value < current.value || (qualifier === "at_least" && value === current.value)) {
      // A floor below a count that only grows is always true of it; below a count that falls, only near it.
      return isCumulative(category) || current.value <= value * (1 + FALLING_FLOOR_REACH);
    }
    return current.exact && isRound(value) && current.value >= value * (1 - ROUND_FLOOR_SLACK);
  }
  return contains(qualifierInterval(qualifier, value), current.value);
}
