/**
 * A product's picture as sellers upload it: PNG, JPEG or WebP, told by the file's own first
 * bytes (never by its name or the type the browser claims), at most 5 MB. Each stored picture
 * is named by a digest of its bytes, so its URL changes whenever the picture does and a
 * browser may keep it for a year.
 */
import { createHash } from 'node:crypto';
import { DomainError } from './errors.js';

export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;

export const IMAGE_TYPES = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/webp': 'webp',
} as const;
export type ImageType = keyof typeof IMAGE_TYPES;

export interface ProductImage {
  contentType: ImageType;
  /** Hex, from a SHA-256 of the bytes: names this version of the picture. */
  digest: string;
  bytes: Uint8Array;
}

const startsWith = (bytes: Uint8Array, signature: readonly number[], at = 0) => signature.every((b, i) => bytes[at + i] === b);
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

/** The image type the bytes begin as, or null for anything else. */
export function imageTypeOf(bytes: Uint8Array): ImageType | null {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'image/webp';
  return null;
}

/** Checks an upload and names it; refuses (413, 415) what is not a picture we keep. */
export function productImage(bytes: Uint8Array): ProductImage {
  if (bytes.byteLength > MAX_IMAGE_BYTES) {
    throw new DomainError('payload_too_large', `The picture is over ${MAX_IMAGE_BYTES / 1024 / 1024} MB`);
  }
  const contentType = imageTypeOf(bytes);
  if (!contentType) throw new DomainError('unsupported_media_type', 'The picture must be a PNG, JPEG or WebP image');
  return { contentType, digest: createHash('sha256').update(bytes).digest('hex').slice(0, 16), bytes };
}

/** Where a product's stored picture is served: a new URL for every new picture. */
export function productImageUrl(productId: number, image: Pick<ProductImage, 'contentType' | 'digest'>): string {
  return `/images/products/${productId}/${image.digest}.${IMAGE_TYPES[image.contentType]}`;
}

/**
 * The widths (px) a picture is also kept at, as WebP, so that each place shows one sized for
 * it: the cart's 64 px thumbnail (at 2×), the catalog's 320 px cards and the product page's
 * 560 px picture (at 1× and 2×). Never wider than the upload itself.
 */
export const IMAGE_WIDTHS = [128, 320, 640, 1120] as const;
export type ImageWidth = (typeof IMAGE_WIDTHS)[number];

export const isImageWidth = (value: number): value is ImageWidth => (IMAGE_WIDTHS as readonly number[]).includes(value);

/** A picture at one of IMAGE_WIDTHS, always WebP. */
export interface ImageVariant {
  width: ImageWidth;
  bytes: Uint8Array;
}

/** Where a picture's copy at `width` is served (the web app derives it from `image_url`). */
export function productImageVariantUrl(productId: number, digest: string, width: ImageWidth): string {
  return `/images/products/${productId}/${digest}-${width}.webp`;
}
