/**
 * How many records each minute of a day should hold: a daily curve peaking in the US afternoon (15:00 UTC)
 * and lowest at night, a little noise per minute, and a day-to-day factor drawn from the day's stream.
 */
import type { Random } from "./random.js";

const MINUTES = 1440;
const PEAK_MINUTE = 15 * 60;

/** Record targets for the 1440 minutes of a day, adding up to about recordsPerDay. */
export function minuteTargets(recordsPerDay: number, random: Random): number[] {
  const dayFactor = 0.92 + 0.16 * random.float();
  const weights: number[] = [];
  let sum = 0;
  for (let m = 0; m < MINUTES; m++) {
    const curve = 1 + 0.55 * Math.cos((2 * Math.PI * (m - PEAK_MINUTE)) / MINUTES);
    const weight = curve * (0.9 + 0.2 * random.float());
    weights.push(weight);
    sum += weight;
  }
  const scale = (recordsPerDay * dayFactor) / sum;
  let carry = 0;
  return weights.map((weight) => {
    const exact = weight * scale + carry;
    const whole = Math.floor(exact);
    carry = exact - whole;
    return whole;
  });
}
