// Client-side checks of the pre-chat form, mirroring the server's rules so
// most mistakes are caught before a round trip. The server stays the judge.

/** PrechatForm is what the customer types before a conversation starts. */
export interface PrechatForm {
  name: string;
  email: string;
  product: string;
  description: string;
}

export type FieldName = keyof PrechatForm;
export const fieldNames: readonly FieldName[] = ["name", "email", "product", "description"];

/** Limits in characters (Unicode code points), as the server counts them. */
export const limits = { name: 100, email: 254, product: 100, description: 5000, message: 5000 } as const;

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** chars counts code points, not UTF-16 units. */
export function chars(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** validateForm returns a message per invalid field; empty when all are fine. */
export function validateForm(f: PrechatForm): Partial<Record<FieldName, string>> {
  const errs: Partial<Record<FieldName, string>> = {};
  const name = f.name.trim();
  if (!name) errs.name = "Please enter your name.";
  else if (chars(name) > limits.name) errs.name = `Your name can be at most ${limits.name} characters.`;

  const email = f.email.trim();
  if (!email) errs.email = "Please enter your email address.";
  else if (chars(email) > limits.email || !emailPattern.test(email))
    errs.email = "Please enter a valid email address, like you@example.com.";

  // The product is optional: not every question is about one.
  if (chars(f.product.trim()) > limits.product) errs.product = `The product can be at most ${limits.product} characters.`;

  const description = f.description.trim();
  if (!description) errs.description = "Please describe what you need help with.";
  else if (chars(description) > limits.description)
    errs.description = `Please keep the description under ${limits.description} characters.`;
  return errs;
}
