/**
 * Path parameters as pages want them. @solidjs/router hands them over exactly as they sit in
 * `location.pathname`, still percent-encoded (`/order-confirmation/ORD%2D1` gives `ORD%2D1`).
 */
import { useParams } from '@solidjs/router';

export function decodePathParam(raw: string): string | null {
  try {
    return decodeURIComponent(raw);
  } catch {
    // A malformed escape like `%E0%A4` names nothing: no page matches it.
    return null;
  }
}

/** A route `matchFilters` entry: a parameter that cannot be decoded falls through to "not found". */
export const isDecodable = (raw: string): boolean => decodePathParam(raw) !== null;

/** The named parameter of the current path, decoded ('' when the route has none). */
export function usePathParam(name: string): () => string {
  const params = useParams();
  return () => decodePathParam(params[name] ?? '') ?? '';
}
