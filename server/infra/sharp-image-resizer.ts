/**
 * The pictures' sized copies, made with sharp (libvips): each of IMAGE_WIDTHS as WebP, turned
 * upright by its EXIF orientation, never wider than the upload. A picture sharp cannot decode
 * (bytes that only begin like one) is refused as an unsupported picture.
 */
import sharp from 'sharp';
import { DomainError } from '../domain/errors.js';
import type { ImageResizer } from '../domain/ports.js';
import { IMAGE_WIDTHS, type ImageVariant, type ProductImage } from '../domain/product-image.js';

/** Far above any camera's picture, far below what would exhaust memory decoding a crafted one. */
const MAX_INPUT_PIXELS = 50_000_000;

export class SharpImageResizer implements ImageResizer {
  async variants(image: ProductImage): Promise<ImageVariant[]> {
    try {
      const source = sharp(image.bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' }).rotate();
      return await Promise.all(
        IMAGE_WIDTHS.map(async (width) => ({
          width,
          bytes: new Uint8Array(await source.clone().resize({ width, withoutEnlargement: true }).webp({ quality: 80 }).toBuffer()),
        })),
      );
    } catch {
      // libvips' own words name its internals: the seller gets what to do instead.
      throw new DomainError('unsupported_media_type', 'The picture could not be read: upload a PNG, JPEG or WebP image');
    }
  }
}
