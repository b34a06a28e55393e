"""Draws public/favicon.ico (16 and 32 px) from the same shapes as app/icon.svg: an indigo tile with
two white chain links. Signed distances with 4x4 supersampling; no image library needed."""
import math
import struct
import sys

BG = (0x43, 0x38, 0xCA)


def sd_round_box(px, py, cx, cy, w, h, r, angle):
    # Into the box's frame: rotate by -angle around its centre.
    a = math.radians(-angle)
    dx, dy = px - cx, py - cy
    x = dx * math.cos(a) - dy * math.sin(a)
    y = dx * math.sin(a) + dy * math.cos(a)
    qx, qy = abs(x) - (w / 2 - r), abs(y) - (h / 2 - r)
    return math.hypot(max(qx, 0), max(qy, 0)) + min(max(qx, qy), 0) - r


def coverage(x, y):
    """(background alpha, white alpha) at a point of the 32-unit design."""
    bg = sd_round_box(x, y, 16, 16, 32, 32, 7, 0) <= 0
    link = any(
        abs(sd_round_box(x, y, cx, 16, 14, 9, 4.5, -35)) <= 1.5 for cx in (11.5, 20.5)
    )
    return bg, link and bg


def image(size):
    rows = []
    n = 4
    for j in range(size):
        row = []
        for i in range(size):
            a = w = 0
            for sj in range(n):
                for si in range(n):
                    x = (i + (si + 0.5) / n) * 32 / size
                    y = (j + (sj + 0.5) / n) * 32 / size
                    b, l = coverage(x, y)
                    a += b
                    w += l
            a /= n * n
            w /= n * n
            if a == 0:
                row.append((0, 0, 0, 0))
                continue
            mix = w / a
            rgb = tuple(round(c * (1 - mix) + 255 * mix) for c in BG)
            row.append((*rgb, round(a * 255)))
        rows.append(row)
    return rows


def bmp(size):
    rows = image(size)
    header = struct.pack('<IiiHHIIiiII', 40, size, size * 2, 1, 32, 0, 0, 0, 0, 0, 0)
    pixels = b''.join(
        bytes((b, g, r, a)) for row in reversed(rows) for (r, g, b, a) in row
    )
    mask_row = ((size + 31) // 32) * 4
    return header + pixels + b'\0' * mask_row * size


def ico(sizes):
    images = [bmp(s) for s in sizes]
    out = struct.pack('<HHH', 0, 1, len(sizes))
    offset = 6 + 16 * len(sizes)
    for s, data in zip(sizes, images):
        out += struct.pack('<BBBBHHII', s % 256, s % 256, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
    return out + b''.join(images)


if __name__ == '__main__':
    with open(sys.argv[1] if len(sys.argv) > 1 else 'public/favicon.ico', 'wb') as f:
        f.write(ico([16, 32]))
