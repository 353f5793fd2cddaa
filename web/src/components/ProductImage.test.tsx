import { render } from '@solidjs/testing-library';
import { describe, expect, it } from 'vitest';
import { ProductImage, imageSources } from './ProductImage.jsx';

const UPLOADED = '/images/products/7/0123456789abcdef.png';

describe('ProductImage', () => {
  it('shows an uploaded picture through its copies sized for the place, 1× and 2×', () => {
    expect(imageSources(UPLOADED, 'card')).toEqual({
      src: '/images/products/7/0123456789abcdef-320.webp',
      srcset: '/images/products/7/0123456789abcdef-320.webp 1x, /images/products/7/0123456789abcdef-640.webp 2x',
    });
    expect(imageSources(UPLOADED, 'detail').srcset).toBe('/images/products/7/0123456789abcdef-640.webp 1x, /images/products/7/0123456789abcdef-1120.webp 2x');
    expect(imageSources(UPLOADED, 'thumb')).toEqual({ src: '/images/products/7/0123456789abcdef-128.webp' });
  });

  it('uses any other address as it is (the demo pictures, a URL a seller gave)', () => {
    expect(imageSources('/images/products/blue-jacket.svg', 'card')).toEqual({ src: '/images/products/blue-jacket.svg' });
    expect(imageSources('https://cdn.example/p.jpg', 'detail')).toEqual({ src: 'https://cdn.example/p.jpg' });
  });

  it('renders the sized img with its box reserved', () => {
    const { container } = render(() => <ProductImage url={UPLOADED} name="Tee" size="card" />);
    const img = container.querySelector('img');
    expect(img?.getAttribute('src')).toBe('/images/products/7/0123456789abcdef-320.webp');
    expect(img?.getAttribute('srcset')).toContain('-640.webp 2x');
    expect([img?.getAttribute('width'), img?.getAttribute('height')]).toEqual(['320', '320']);
  });
});
