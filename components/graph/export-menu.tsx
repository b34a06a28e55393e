'use client';

import { useState } from 'react';
import type { LaidView } from './export-svg';
import { toSvg } from './export-svg';

function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Draws the SVG on a canvas at twice its size, for sharp PNGs on dense screens. */
async function svgToPng(svg: string): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const scale = 2;
    const canvas = document.createElement('canvas');
    canvas.width = img.naturalWidth * scale;
    canvas.height = img.naturalHeight * scale;
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('This browser cannot draw on a canvas.');
    ctx.scale(scale, scale);
    ctx.drawImage(img, 0, 0);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob(
        (b) => (b ? resolve(b) : reject(new Error('The PNG could not be encoded.'))),
        'image/png',
      ),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** Export of the view as drawn: SVG built from the laid-out positions, PNG from that SVG. */
export function ExportMenu({ laid, name }: { laid: LaidView; name: string }) {
  const [error, setError] = useState<string | undefined>(undefined);
  const svg = () => toSvg(laid, { title: name });
  return (
    // Never wraps, inside or between its buttons: with a side panel open the toolbar is narrow, and
    // a button split over two lines reads as two buttons.
    <span className="flex shrink-0 items-center gap-1 text-xs whitespace-nowrap" data-testid="export-menu">
      <button
        type="button"
        onClick={() => download(new Blob([svg()], { type: 'image/svg+xml' }), `${name}.svg`)}
        className="rounded border px-2 py-0.5 hover:bg-slate-100 dark:hover:bg-slate-800"
      >
        Export SVG
      </button>
      <button
        type="button"
        onClick={() => {
          setError(undefined);
          svgToPng(svg()).then(
            (b) => download(b, `${name}.png`),
            (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
          );
        }}
        className="rounded border px-2 py-0.5 hover:bg-slate-100 dark:hover:bg-slate-800"
      >
        Export PNG
      </button>
      {error && (
        <span role="alert" className="text-red-700">
          {error}
        </span>
      )}
    </span>
  );
}
