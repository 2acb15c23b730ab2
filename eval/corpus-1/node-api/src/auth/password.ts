import bcrypt from "bcrypt";

const SALT_ROUNDS = 12;

export async function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, SALT_ROUNDS);
}

export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}

export function validatePassword(password: string): string | null {
  if (password.length < 10) return "Password must be at least 10 characters";
  if (!/[A-Z]/.test(password)) return "Password must contain an uppercase letter";
  return null;
}

// bcrypt hash of a seed admin user (app account)
export const SEED_ADMIN_HASH = "$2b$12$KIXQJ1fR3xk0s3n9v5W6/eY2uV8cA0bQ1rS4tU7wX9yZ0aB1cD2eF";
