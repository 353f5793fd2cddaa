/** A product picture drawn from its name: the demo catalog needs images without binary files. */

const PALETTE = ['#2563eb', '#7c3aed', '#db2777', '#ea580c', '#16a34a', '#0891b2', '#4f46e5', '#b45309'];

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

export function placeholderSvg(slug: string): string {
  const h = hash(slug);
  const base = PALETTE[h % PALETTE.length] ?? '#2563eb';
  const accent = PALETTE[(h >>> 8) % PALETTE.length] ?? '#7c3aed';
  const words = slug.split('-').filter(Boolean);
  const initials = words
    .slice(0, 2)
    .map((w) => w[0]?.toUpperCase() ?? '')
    .join('');
  const title = words.join(' ').replace(/[<>&"']/g, '');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 300" role="img" aria-label="${title}">
<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${base}"/><stop offset="1" stop-color="${accent}"/></linearGradient></defs>
<rect width="400" height="300" fill="url(#g)"/>
<circle cx="${60 + (h % 280)}" cy="${40 + ((h >>> 4) % 200)}" r="${50 + (h % 60)}" fill="#fff" opacity="0.12"/>
<text x="200" y="170" text-anchor="middle" font-family="system-ui, sans-serif" font-size="96" font-weight="700" fill="#fff">${initials}</text>
</svg>`;
}
