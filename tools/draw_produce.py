"""Draw the loose-produce pictures for the kiosk's picture grid.

Usage::

    python tools/draw_produce.py [output folder]     # default: assets/images/produce

Every picture is a flat, friendly SVG (viewBox 0 0 256 256, transparent
background) built from circles, ellipses and paths, with a darker outline so
it reads on a light tile at 160 px. The drawings are the selfscan project's
own work and are licensed like the project (GPL-3.0-or-later).

Output is deterministic: running the script twice gives identical files, so a
diff shows exactly which picture changed.
"""

from __future__ import annotations

import math
import random
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

SIZE = 256
STROKE = 4  # outline width in viewBox units
HEADER = (
    "<!-- Drawn by the selfscan project with tools/draw_produce.py. "
    "License: GPL-3.0-or-later, like the project. Do not edit: re-run the script. -->"
)


# ---------------------------------------------------------------------- helpers


def _rgb(color: str) -> tuple[int, int, int]:
    color = color.lstrip("#")
    return int(color[0:2], 16), int(color[2:4], 16), int(color[4:6], 16)


def mix(color: str, other: str, amount: float) -> str:
    """``color`` moved ``amount`` (0..1) of the way to ``other``."""
    a, b = _rgb(color), _rgb(other)
    return "#" + "".join(f"{round(x + (y - x) * amount):02x}" for x, y in zip(a, b, strict=True))


def darker(color: str, amount: float = 0.3) -> str:
    return mix(color, "#000000", amount)


def lighter(color: str, amount: float = 0.3) -> str:
    return mix(color, "#ffffff", amount)


def n(value: float) -> str:
    """Compact number: at most one decimal, no trailing zero."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


@dataclass
class Picture:
    """Collects ``<defs>`` and drawing elements for one SVG."""

    slug: str
    title: str
    defs: list[str] = field(default_factory=list)
    body: list[str] = field(default_factory=list)
    _ids: int = 0

    def add(self, *elements: str) -> None:
        self.body.extend(elements)

    def gradient(self, stops: list[tuple[float, str]], x1=0.0, y1=0.0, x2=1.0, y2=1.0) -> str:
        """A linear gradient over the shape's bounding box; returns ``url(#id)``."""
        self._ids += 1
        gid = f"{self.slug}-g{self._ids}"
        stop_xml = "".join(f'<stop offset="{o}" stop-color="{c}"/>' for o, c in stops)
        self.defs.append(
            f'<linearGradient id="{gid}" x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}">'
            f"{stop_xml}</linearGradient>"
        )
        return f"url(#{gid})"

    def radial(self, stops: list[tuple[float, str]], cx=0.5, cy=0.5, r=0.5) -> str:
        self._ids += 1
        gid = f"{self.slug}-r{self._ids}"
        stop_xml = "".join(f'<stop offset="{o}" stop-color="{c}"/>' for o, c in stops)
        self.defs.append(
            f'<radialGradient id="{gid}" cx="{cx}" cy="{cy}" r="{r}">{stop_xml}</radialGradient>'
        )
        return f"url(#{gid})"

    def svg(self) -> str:
        defs = f"<defs>{''.join(self.defs)}</defs>\n" if self.defs else ""
        body = "\n".join(self.body)
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{SIZE}" height="{SIZE}" '
            f'viewBox="0 0 {SIZE} {SIZE}">\n{HEADER}\n<title>{self.title}</title>\n'
            f"{defs}{body}\n</svg>\n"
        )


def shape(tag: str, fill: str, outline: str | None = None, width: float = STROKE, **attrs) -> str:
    """One element; attribute names use ``_`` for ``-`` (``stroke_linecap``)."""
    parts = [f'<{tag} fill="{fill}"']
    if outline:
        parts.append(f' stroke="{outline}" stroke-width="{n(width)}" stroke-linejoin="round"')
    for key, value in attrs.items():
        parts.append(
            f' {key.replace("_", "-")}="{n(value) if isinstance(value, float) else value}"'
        )
    parts.append("/>")
    return "".join(parts)


def path(d: str, fill: str, outline: str | None = None, width: float = STROKE, **attrs) -> str:
    return shape("path", fill, outline, width, d=d, **attrs)


def line(d: str, color: str, width: float, opacity: float = 1.0, **attrs) -> str:
    """A stroked, unfilled path with round ends."""
    extra = {"stroke_opacity": opacity} if opacity < 1 else {}
    return (
        f'<path d="{d}" fill="none" stroke="{color}" stroke-width="{n(width)}" '
        f'stroke-linecap="round" stroke-linejoin="round"'
        + "".join(f' {k.replace("_", "-")}="{v}"' for k, v in {**extra, **attrs}.items())
        + "/>"
    )


def ellipse(cx, cy, rx, ry, fill, outline=None, width=STROKE, rotate=0.0, **attrs) -> str:
    if rotate:
        attrs["transform"] = f"rotate({n(rotate)} {n(cx)} {n(cy)})"
    return shape("ellipse", fill, outline, width, cx=n(cx), cy=n(cy), rx=n(rx), ry=n(ry), **attrs)


def circle(cx, cy, r, fill, outline=None, width=STROKE, **attrs) -> str:
    return shape("circle", fill, outline, width, cx=n(cx), cy=n(cy), r=n(r), **attrs)


def group(elements: list[str], transform: str) -> str:
    return f'<g transform="{transform}">' + "".join(elements) + "</g>"


def shadow(pic: Picture, rx: float = 72, cy: float = 234, cx: float = 128) -> None:
    pic.add(ellipse(cx, cy, rx, 9, "#000000", fill_opacity="0.10"))


def shine(pic: Picture, cx, cy, rx, ry, rotate=0.0, opacity=0.45) -> None:
    pic.add(ellipse(cx, cy, rx, ry, "#ffffff", rotate=rotate, fill_opacity=str(opacity)))


def leaf(cx, cy, length, width, angle, fill="#5aa532") -> list[str]:
    """A pointed leaf whose base is at (cx, cy), pointing along ``angle`` degrees."""
    d = (
        f"M0 0 C{n(length * 0.3)} {n(-width)} {n(length * 0.75)} {n(-width)} {n(length)} 0 "
        f"C{n(length * 0.75)} {n(width)} {n(length * 0.3)} {n(width)} 0 0 Z"
    )
    vein = f"M{n(length * 0.08)} 0 L{n(length * 0.8)} 0"
    return [
        group(
            [path(d, fill, darker(fill, 0.3), 3), line(vein, darker(fill, 0.25), 2.5)],
            f"translate({n(cx)} {n(cy)}) rotate({n(angle)})",
        )
    ]


def union(pic: Picture, blobs: list[tuple[float, float, float, float, float]], fill, outline):
    """Ellipses (cx, cy, rx, ry, rotate) drawn as one shape: outlines first, fills on top."""
    for cx, cy, rx, ry, rot in blobs:
        pic.add(ellipse(cx, cy, rx, ry, outline, outline, STROKE * 2, rotate=rot))
    for cx, cy, rx, ry, rot in blobs:
        pic.add(ellipse(cx, cy, rx, ry, fill, rotate=rot))


def star(cx, cy, points, outer, inner, turn=-90.0) -> str:
    coords = []
    for i in range(points * 2):
        radius = outer if i % 2 == 0 else inner
        a = math.radians(turn + i * 180 / points)
        coords.append(f"{n(cx + radius * math.cos(a))} {n(cy + radius * math.sin(a))}")
    return "M" + " L".join(coords) + " Z"


def wavy_ring(cx, cy, radius, amplitude, lobes, squash=1.0, phase=0.0) -> str:
    """A closed frilly outline: ``lobes`` bumps around a circle (quadratic curves)."""
    d = []
    steps = lobes * 2
    for i in range(steps + 1):
        a = phase + 2 * math.pi * i / steps
        r = radius + (amplitude if i % 2 else -amplitude * 0.3)
        x, y = cx + r * math.cos(a), cy + r * math.sin(a) * squash
        if i == 0:
            d.append(f"M{n(x)} {n(y)}")
        elif i % 2:
            control = (x, y)
        else:
            d.append(f"Q{n(control[0])} {n(control[1])} {n(x)} {n(y)}")
    return " ".join(d) + " Z"


def speckles(pic, rng, count, box, radius, color, opacity, inside=None) -> None:
    x0, y0, x1, y1 = box
    placed = 0
    while placed < count:
        x, y = rng.uniform(x0, x1), rng.uniform(y0, y1)
        if inside is not None and not inside(x, y):
            continue
        pic.add(circle(x, y, radius * rng.uniform(0.7, 1.2), color, fill_opacity=str(opacity)))
        placed += 1


def in_ellipse(cx, cy, rx, ry):
    return lambda x, y: ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 < 1


# ---------------------------------------------------------------------- fruit

APPLE = (
    "M128 78 C104 58 54 60 48 112 C42 166 78 222 106 220 C116 219 120 214 128 214 "
    "C136 214 140 219 150 220 C178 222 214 166 208 112 C202 60 152 58 128 78 Z"
)


def apple(pic: Picture, stops: list[tuple[float, str]], outline: str) -> None:
    shadow(pic, 74)
    fill = pic.gradient(stops, 0.1, 0.0, 0.9, 1.0) if len(stops) > 1 else stops[0][1]
    pic.add(path(APPLE, fill, outline))
    pic.add(line("M128 80 C122 90 118 96 112 100", outline, 3, 0.5))
    pic.add(line("M128 82 C128 66 131 52 139 40", "#6b4423", 8))
    pic.add(*leaf(136, 58, 58, 15, -28))
    shine(pic, 84, 118, 13, 28, 18)
    shine(pic, 94, 86, 6, 6, 0, 0.5)


def draw_apple_elstar(pic):
    apple(pic, [(0, "#c8262b"), (0.5, "#e2512e"), (1, "#f2bd3f")], "#9c2320")


def draw_apple_jonagold(pic):
    apple(pic, [(0, "#f0c64a"), (0.45, "#e7902f"), (1, "#c7322a")], "#9d3b1f")


def draw_apple_granny_smith(pic):
    apple(pic, [(0, "#a4d65a"), (1, "#74b032")], "#4f8a22")
    rng = random.Random(pic.slug)
    speckles(pic, rng, 14, (70, 100, 190, 200), 2.2, "#eaf5c8", 0.8, in_ellipse(128, 150, 62, 52))


def draw_pear_conference(pic):
    shadow(pic, 62)
    body = (
        "M128 38 C112 38 106 62 104 86 C102 112 76 130 74 168 C72 206 98 228 128 228 "
        "C158 228 184 206 182 168 C180 130 154 112 152 86 C150 62 144 38 128 38 Z"
    )
    fill = pic.gradient([(0, "#a98a44"), (0.35, "#b9b64a"), (1, "#a9c04a")], 0, 0, 0.3, 1)
    pic.add(path(body, fill, "#6f6a26"))
    rng = random.Random(pic.slug)
    speckles(pic, rng, 18, (90, 60, 170, 215), 2.0, "#7d5a25", 0.45, in_ellipse(128, 150, 48, 72))
    pic.add(line("M128 42 C126 30 130 20 140 12", "#6b4423", 7))
    pic.add(*leaf(134, 26, 44, 11, -10))
    shine(pic, 104, 160, 11, 28, 10)


def banana_shape(fill: str, outline: str) -> list[str]:
    body = (
        "M36 82 C44 170 150 214 214 128 L224 106 C230 102 236 98 234 92 C230 88 222 90 218 96 "
        "L204 120 C156 170 72 148 54 76 C52 68 38 70 36 82 Z"
    )
    return [
        path(body, fill, outline),
        line("M52 96 C72 156 150 176 206 122", darker(fill, 0.12), 3),
        path("M36 82 C36 74 44 70 52 74 C54 80 50 86 42 88 Z", "#5a4025"),
        path("M218 96 C222 90 230 88 234 92 C236 98 230 102 224 106 Z", "#6f8a2c"),
    ]


def draw_banana(pic):
    shadow(pic, 88, 226)
    stem = "226 98"
    fingers = [("#e9b820", "#a97d12", 16), ("#f3c623", "#b38612", 7), ("#ffd93b", "#b98c14", -3)]
    for fill, outline, angle in fingers:
        pic.add(group(banana_shape(fill, outline), f"translate(-4 10) rotate({angle} {stem})"))
    shine(pic, 100, 168, 26, 5, 24, 0.5)


def draw_orange(pic):
    shadow(pic, 78)
    pic.add(circle(128, 140, 84, "#f7931e", "#c96a0c"))
    rng = random.Random(pic.slug)
    speckles(pic, rng, 40, (50, 62, 206, 218), 1.8, "#c96a0c", 0.35, in_ellipse(128, 140, 76, 76))
    pic.add(circle(128, 58, 6, "#6b8e23", "#4a6a16", 2))
    pic.add(*leaf(132, 56, 48, 13, -25, "#4f9a2c"))
    shine(pic, 92, 108, 16, 26, 35)


def draw_mandarin(pic):
    shadow(pic, 84)
    pic.add(ellipse(128, 148, 92, 72, "#f68b1f", "#c4620b"))
    rng = random.Random(pic.slug)
    speckles(pic, rng, 44, (40, 80, 216, 216), 1.7, "#c4620b", 0.35, in_ellipse(128, 148, 84, 64))
    pic.add(ellipse(128, 80, 12, 5, "#c4620b", fill_opacity="0.35"))
    pic.add(line("M128 80 L126 64", "#6b4423", 6))
    pic.add(*leaf(126, 66, 58, 16, -150, "#3f8f2e"))
    pic.add(*leaf(128, 64, 54, 14, -38, "#4f9f33"))
    shine(pic, 82, 122, 14, 24, 50)


LEMON = (
    "M30 128 C36 126 42 120 50 112 C66 52 190 52 206 112 C214 120 220 126 226 128 "
    "C220 130 214 136 206 144 C190 204 66 204 50 144 C42 136 36 130 30 128 Z"
)


def citrus_slice(pic, cx, cy, r, peel, pith, flesh, lines) -> None:
    pic.add(circle(cx, cy, r, peel, darker(peel, 0.35)))
    pic.add(circle(cx, cy, r * 0.86, pith))
    pic.add(circle(cx, cy, r * 0.78, flesh))
    for i in range(8):
        a = 2 * math.pi * i / 8 + 0.2
        pic.add(
            line(
                f"M{n(cx)} {n(cy)} L{n(cx + r * 0.78 * math.cos(a))} "
                f"{n(cy + r * 0.78 * math.sin(a))}",
                lines,
                3,
            )
        )
    pic.add(circle(cx, cy, r * 0.1, lines))


def draw_lemon(pic):
    shadow(pic, 92, 226)
    pic.add(
        group(
            [path(LEMON, "#fcd733", "#c99e0c")],
            "translate(146 112) rotate(-18) scale(0.8) translate(-128 -128)",
        )
    )
    pic.add(*leaf(218, 84, 46, 13, -75, "#4f9f33"))
    shine(pic, 128, 88, 26, 8, -18, 0.55)
    citrus_slice(pic, 82, 170, 52, "#fcd733", "#fdf3c4", "#fde36a", "#fdf3c4")


def draw_lime(pic):
    shadow(pic, 92, 226)
    pic.add(circle(150, 116, 70, "#6db33f", "#3f7a1c"))
    pic.add(ellipse(214, 100, 8, 6, "#5a9a30", "#3f7a1c", 3, rotate=-20))
    rng = random.Random(pic.slug)
    speckles(pic, rng, 26, (90, 56, 210, 176), 1.6, "#cde8a6", 0.7, in_ellipse(150, 116, 60, 60))
    shine(pic, 120, 86, 16, 9, -30, 0.5)
    citrus_slice(pic, 84, 170, 52, "#6db33f", "#eef6d2", "#b5dc6a", "#eef6d2")


def draw_kiwi(pic):
    shadow(pic, 86, 228)
    pic.add(ellipse(154, 116, 76, 60, "#8b6a3e", "#5e4424", rotate=-20))
    rng = random.Random(pic.slug)
    speckles(pic, rng, 30, (90, 60, 220, 170), 1.6, "#5e4424", 0.5, in_ellipse(160, 110, 56, 42))
    pic.add(circle(104, 154, 70, "#7a5430", "#5e4424"))
    pic.add(circle(104, 154, 61, "#84c341"))
    pic.add(circle(104, 154, 40, "#a5d65e"))
    for i in range(24):
        a = 2 * math.pi * i / 24
        pic.add(
            line(
                f"M{n(104 + 22 * math.cos(a))} {n(154 + 22 * math.sin(a))} "
                f"L{n(104 + 52 * math.cos(a))} {n(154 + 52 * math.sin(a))}",
                "#d7eea0",
                2,
                0.6,
            )
        )
    pic.add(ellipse(104, 154, 20, 16, "#f3f6d2"))
    for i in range(16):
        a = 2 * math.pi * i / 16 + 0.1
        r = 27 + (i % 2) * 5
        pic.add(
            ellipse(
                104 + r * math.cos(a),
                154 + r * math.sin(a),
                4,
                2.2,
                "#2b2118",
                rotate=math.degrees(a),
            )
        )


def draw_mango(pic):
    shadow(pic, 82)
    body = "M66 176 C34 128 62 54 136 46 C198 40 230 98 214 152 C200 202 118 222 66 176 Z"
    fill = pic.gradient([(0, "#6fae3a"), (0.45, "#f7c33b"), (1, "#e4422f")], 0.1, 0.0, 0.8, 1.0)
    pic.add(path(body, fill, "#9a4a1e"))
    pic.add(line("M110 50 C104 40 104 32 108 24", "#6b4423", 7))
    pic.add(*leaf(108, 34, 54, 14, -160, "#3f8f2e"))
    shine(pic, 92, 104, 14, 30, 35)


def draw_avocado(pic):
    shadow(pic, 86)
    whole = (
        "M170 40 C196 40 210 66 210 96 C210 120 232 140 232 176 C232 210 206 226 178 226 "
        "C150 226 124 210 124 176 C124 140 144 120 144 96 C144 66 144 40 170 40 Z"
    )
    pic.add(path(whole, "#3b5e23", "#24391a"))
    rng = random.Random(pic.slug)
    speckles(pic, rng, 26, (140, 60, 226, 220), 2.2, "#2a4318", 0.6, in_ellipse(182, 160, 38, 60))
    half = (
        "M98 52 C126 52 138 80 138 106 C138 130 162 150 162 184 C162 218 134 234 98 234 "
        "C62 234 34 218 34 184 C34 150 58 130 58 106 C58 80 70 52 98 52 Z"
    )
    pic.add(path(half, "#3f6b26", "#24391a"))
    flesh = pic.radial([(0, "#f1f2a8"), (0.6, "#d6e68c"), (1, "#a9cc5a")], 0.5, 0.62, 0.6)
    pic.add(group([path(half, flesh)], "translate(98 150) scale(0.88) translate(-98 -150)"))
    pic.add(circle(98, 180, 30, "#8b5a2b", "#5e3a18"))
    shine(pic, 88, 170, 9, 12, 30, 0.4)


def grapes(pic, fill: str, outline: str, bloom: str) -> None:
    shadow(pic, 60, 232)
    pic.add(line("M128 70 C128 50 134 36 146 26", "#6b4423", 7))
    pic.add(*leaf(136, 46, 62, 20, -165, "#4f9f33"))
    rows = [(4, 82), (4, 112), (3, 142), (3, 170), (2, 196), (1, 220)]
    for count, y in rows:
        for i in range(count):
            x = 128 + (i - (count - 1) / 2) * 32 + (3 if count % 2 else 0) * (y % 2)
            pic.add(circle(x, y, 19, fill, outline, 3))
            pic.add(ellipse(x - 6, y - 7, 4.5, 6.5, bloom, rotate=30, fill_opacity="0.7"))


def draw_grapes_white(pic):
    grapes(pic, "#b9d65c", "#7d9c2e", "#f1f8d2")


def draw_grapes_blue(pic):
    grapes(pic, "#5d2d6f", "#341544", "#b59ac2")


def tomato(pic, cx, cy, r, calyx=True):
    pic.add(ellipse(cx, cy, r, r * 0.9, "#e53935", "#a3201d"))
    pic.add(
        line(
            f"M{n(cx - r * 0.35)} {n(cy - r * 0.8)} C{n(cx - r * 0.55)} {n(cy - r * 0.2)} "
            f"{n(cx - r * 0.5)} {n(cy + r * 0.4)} {n(cx - r * 0.3)} {n(cy + r * 0.8)}",
            "#a3201d",
            2.5,
            0.35,
        )
    )
    pic.add(
        line(
            f"M{n(cx + r * 0.35)} {n(cy - r * 0.8)} C{n(cx + r * 0.55)} {n(cy - r * 0.2)} "
            f"{n(cx + r * 0.5)} {n(cy + r * 0.4)} {n(cx + r * 0.3)} {n(cy + r * 0.8)}",
            "#a3201d",
            2.5,
            0.35,
        )
    )
    shine(pic, cx - r * 0.45, cy - r * 0.3, r * 0.16, r * 0.3, 35)
    if calyx:
        pic.add(path(star(cx, cy - r * 0.78, 5, r * 0.42, r * 0.13), "#4f9f33", "#2f6e1c", 2.5))


def draw_tomato(pic):
    shadow(pic, 84)
    tomato(pic, 128, 144, 90)
    pic.add(line("M128 74 L130 52", "#3f7f22", 8))


def draw_tomatoes_vine(pic):
    shadow(pic, 96)
    pic.add(line("M38 58 C80 48 170 44 218 60", "#3f7f22", 8))
    pic.add(line("M128 50 L128 72", "#3f7f22", 6))
    pic.add(line("M84 54 L80 116", "#3f7f22", 6))
    pic.add(line("M174 52 L176 116", "#3f7f22", 6))
    tomato(pic, 128, 110, 46)
    tomato(pic, 80, 170, 52)
    tomato(pic, 176, 170, 52)


# ---------------------------------------------------------------------- vegetables


def draw_cucumber(pic):
    shadow(pic, 96, 222)
    body = (
        "M20 128 C20 102 38 96 60 96 L196 96 C222 96 236 110 236 128 C236 146 222 160 196 160 "
        "L60 160 C38 160 20 154 20 128 Z"
    )
    parts = [path(body, "#2e7d32", "#174d1b")]
    for y in (112, 128, 144):
        parts.append(line(f"M44 {y} L214 {y}", "#6abf69", 4, 0.45))
    rng = random.Random(pic.slug)
    for _ in range(26):
        x, y = rng.uniform(40, 216), rng.uniform(104, 152)
        parts.append(circle(x, y, 2.4, "#c5e6b0", fill_opacity="0.85"))
    parts.append(path("M236 128 C236 120 244 118 248 122 C250 128 246 134 236 134 Z", "#6b7d2a"))
    parts.append(ellipse(70, 110, 26, 5, "#ffffff", fill_opacity="0.35"))
    pic.add(group(parts, "rotate(-32 128 128) translate(0 4)"))


def pepper(pic, fill: str, outline: str) -> None:
    shadow(pic, 76)
    body = (
        "M128 72 C88 60 54 82 56 132 C58 184 80 224 106 222 C118 221 121 210 128 210 "
        "C135 210 138 221 150 222 C176 224 198 184 200 132 C202 82 168 60 128 72 Z"
    )
    pic.add(path(body, fill, outline))
    pic.add(line("M128 96 C124 140 124 180 128 206", outline, 3, 0.45))
    pic.add(line("M94 92 C80 130 84 180 100 214", outline, 3, 0.3))
    pic.add(line("M162 92 C176 130 172 180 156 214", outline, 3, 0.3))
    pic.add(path("M98 78 C104 62 152 62 158 78 C148 90 108 90 98 78 Z", "#4f9f33", "#2f6e1c", 3))
    pic.add(line("M128 72 C128 52 134 40 148 32", "#3f7f22", 10))
    shine(pic, 84, 130, 11, 34, 6, 0.5)


def draw_pepper_red(pic):
    pepper(pic, "#e53127", "#9c1b15")


def draw_pepper_green(pic):
    pepper(pic, "#43a047", "#1f6b25")


def draw_pepper_yellow(pic):
    pepper(pic, "#fccc2c", "#c38f0c")


def onion(pic, fill: str, outline: str, stripes: str) -> None:
    shadow(pic, 74)
    body = (
        "M128 40 C122 66 92 80 72 110 C50 146 62 200 100 216 C116 222 140 222 156 216 "
        "C194 200 206 146 184 110 C164 80 134 66 128 40 Z"
    )
    pic.add(path(body, fill, outline))
    for d in (
        "M126 52 C108 90 94 150 108 216",
        "M130 52 C148 90 162 150 148 216",
        "M124 56 C92 90 70 150 88 206",
        "M132 56 C164 90 186 150 168 206",
    ):
        pic.add(line(d, stripes, 3, 0.6))
    pic.add(line("M128 42 C128 34 130 26 136 18", outline, 6))
    for d in ("M120 218 L114 232", "M128 220 L128 234", "M136 218 L142 232"):
        pic.add(line(d, "#c8b79a", 3))
    shine(pic, 90, 138, 11, 30, 12, 0.4)


def draw_onion(pic):
    onion(pic, "#d18b3c", "#8e561b", "#a86a26")


def draw_onion_red(pic):
    onion(pic, "#9c3d6e", "#5e1d40", "#d384ae")


def draw_garlic(pic):
    shadow(pic, 72)
    body = (
        "M128 46 C118 72 84 92 70 128 C58 166 80 208 128 212 C176 208 198 166 186 128 "
        "C172 92 138 72 128 46 Z"
    )
    pic.add(path(body, "#f5efe3", "#a39379"))
    for d in (
        "M128 62 C110 100 102 160 114 208",
        "M128 62 C146 100 154 160 142 208",
        "M126 66 C94 98 76 150 90 196",
        "M130 66 C162 98 180 150 166 196",
    ):
        pic.add(line(d, "#c9b79a", 3))
    for d in ("M118 206 C110 170 110 130 124 92", "M170 186 C176 160 172 130 156 104"):
        pic.add(line(d, "#b58fc0", 4, 0.45))
    pic.add(path("M120 48 C122 34 124 26 128 20 C132 26 134 34 136 48 Z", "#e9dfcb", "#a39379", 3))
    for d in ("M118 212 L112 226", "M128 214 L128 228", "M138 212 L144 226"):
        pic.add(line(d, "#c8b79a", 3))
    shine(pic, 96, 140, 9, 26, 12, 0.6)


def draw_potato(pic):
    shadow(pic, 92)
    back = "M132 92 C140 62 188 52 212 72 C236 92 230 130 204 140 C180 150 124 124 132 92 Z"
    pic.add(path(back, "#c99a55", "#8d6430"))
    front = (
        "M40 156 C34 116 74 92 124 94 C180 96 214 126 206 164 C198 200 156 220 110 216 "
        "C70 212 44 190 40 156 Z"
    )
    pic.add(path(front, "#dbb06a", "#8d6430"))
    for x, y, a in ((84, 140, 20), (150, 126, -15), (118, 180, 0), (176, 176, 30), (188, 96, 0)):
        pic.add(ellipse(x, y, 5, 2.6, "#8d6430", rotate=a, fill_opacity="0.7"))
        pic.add(ellipse(x, y + 3, 5, 1.6, "#f0d39a", rotate=a, fill_opacity="0.8"))
    rng = random.Random(pic.slug)
    speckles(pic, rng, 16, (50, 100, 200, 210), 1.8, "#8d6430", 0.4, in_ellipse(124, 156, 76, 52))
    shine(pic, 80, 126, 20, 9, -20, 0.35)


def draw_sweet_potato(pic):
    shadow(pic, 96, 214)
    body = (
        "M22 136 C44 104 106 88 156 92 C196 96 222 112 236 128 C222 152 190 168 150 172 "
        "C100 176 50 164 22 136 Z"
    )
    parts = [
        line("M22 136 L8 132", "#8a3b24", 4),
        line("M236 128 L250 124", "#8a3b24", 4),
        path(body, "#b9573a", "#7e3320"),
    ]
    for d in (
        "M64 116 C72 130 72 150 64 162",
        "M118 100 C126 120 126 150 118 172",
        "M176 100 C182 118 182 146 176 166",
    ):
        parts.append(line(d, "#7e3320", 3, 0.5))
    parts.append(ellipse(110, 112, 34, 6, "#ffffff", fill_opacity="0.3"))
    pic.add(group(parts, "rotate(-14 128 132) translate(0 6)"))


def draw_carrot(pic):
    shadow(pic, 70, 230)
    parts = []
    for length, width, angle, fill in (
        (74, 14, -120, "#3f8f2e"),
        (84, 15, -90, "#4caf50"),
        (70, 14, -62, "#43a047"),
    ):
        parts.extend(leaf(128, 68, length, width, angle, fill))
    body = (
        "M92 78 C92 60 164 60 164 78 C162 130 144 200 132 230 C130 236 126 236 124 230 "
        "C112 200 94 130 92 78 Z"
    )
    parts.append(path(body, "#f57c1f", "#b9530b"))
    for y, w in ((104, 18), (136, 14), (168, 10), (196, 7)):
        parts.append(line(f"M{128 - w - 10} {y} L{128 - 10} {y + 2}", "#b9530b", 3, 0.55))
        parts.append(line(f"M{128 + 12} {y + 14} L{128 + w + 8} {y + 12}", "#b9530b", 3, 0.55))
    parts.append(ellipse(112, 110, 6, 26, "#ffffff", rotate=4, fill_opacity="0.4"))
    pic.add(group(parts, "translate(128 140) rotate(28) scale(0.86) translate(-128 -126)"))


def draw_leek(pic):
    shadow(pic, 90, 228)
    parts = [
        path("M112 116 C98 70 80 36 64 16 C84 26 112 60 124 112 Z", "#2e7d32", "#1b5e20", 3),
        path("M130 112 C134 66 150 34 172 12 C162 44 150 80 144 116 Z", "#388e3c", "#1b5e20", 3),
        path("M120 114 C118 70 122 30 130 4 C136 40 138 80 136 114 Z", "#43a047", "#1b5e20", 3),
    ]
    shaft = pic.gradient([(0, "#9ccc65"), (0.45, "#dcedc1"), (1, "#f7f6ea")], 0, 0, 0, 1)
    parts.append(path("M108 108 L148 108 L150 222 C150 234 106 234 106 222 Z", shaft, "#7f9a5a"))
    parts.append(line("M120 126 L120 220", "#b5c99a", 3))
    parts.append(line("M136 126 L137 220", "#b5c99a", 3))
    for d in ("M114 230 L106 246", "M124 232 L122 250", "M134 232 L136 250", "M144 230 L152 246"):
        parts.append(line(d, "#cbbd9e", 3))
    pic.add(group(parts, "translate(130 124) rotate(36) scale(0.88) translate(-128 -128)"))


def draw_broccoli(pic):
    shadow(pic, 80)
    pic.add(path("M104 150 L96 222 C110 232 146 232 160 222 L152 150 Z", "#9ccc65", "#5b8f2a"))
    pic.add(line("M128 160 L128 220", "#6f9e3a", 3, 0.5))
    florets = [
        (80, 118, 38, 36, 0),
        (128, 90, 46, 42, 0),
        (176, 118, 38, 36, 0),
        (98, 150, 36, 30, 0),
        (158, 150, 36, 30, 0),
        (128, 132, 40, 36, 0),
    ]
    union(pic, florets, "#3a8d3a", "#215f21")
    rng = random.Random(pic.slug)
    for cx, cy, rx, ry, _ in florets:
        for _ in range(7):
            a, d = rng.uniform(0, 2 * math.pi), rng.uniform(0, 0.7)
            pic.add(
                circle(
                    cx + rx * d * math.cos(a),
                    cy + ry * d * math.sin(a),
                    6,
                    "#57ad4a",
                    fill_opacity="0.8",
                )
            )
    shine(pic, 108, 72, 16, 8, -20, 0.3)


def draw_cauliflower(pic):
    shadow(pic, 96)
    for d, fill in (
        (
            "M128 210 C80 214 30 196 22 150 C40 150 70 160 96 182 C80 150 70 120 74 96 "
            "C100 120 118 160 128 210 Z",
            "#5a9e3a",
        ),
        (
            "M128 210 C176 214 226 196 234 150 C216 150 186 160 160 182 C176 150 186 120 182 96 "
            "C156 120 138 160 128 210 Z",
            "#4f9433",
        ),
    ):
        pic.add(path(d, fill, "#2f6e1c"))
    pic.add(line("M40 158 C70 170 100 190 128 208", "#bde0a0", 3, 0.8))
    pic.add(line("M216 158 C186 170 156 190 128 208", "#bde0a0", 3, 0.8))
    florets = [
        (86, 120, 34, 32, 0),
        (128, 92, 40, 36, 0),
        (170, 120, 34, 32, 0),
        (104, 146, 34, 28, 0),
        (152, 146, 34, 28, 0),
        (128, 124, 38, 34, 0),
    ]
    union(pic, florets, "#f7f1dc", "#b7a57a")
    rng = random.Random(pic.slug)
    for cx, cy, rx, ry, _ in florets:
        for _ in range(5):
            a, d = rng.uniform(0, 2 * math.pi), rng.uniform(0.2, 0.7)
            x, y = cx + rx * d * math.cos(a), cy + ry * d * math.sin(a)
            pic.add(
                line(f"M{n(x - 6)} {n(y)} Q{n(x)} {n(y - 6)} {n(x + 6)} {n(y)}", "#d8c9a0", 2.5)
            )
    shine(pic, 110, 80, 16, 8, -20, 0.5)


def draw_courgette(pic):
    shadow(pic, 96, 220)
    body = (
        "M26 132 C26 110 40 100 64 100 L200 104 C218 104 230 116 230 130 C230 144 218 156 200 156 "
        "L64 162 C40 162 26 152 26 132 Z"
    )
    parts = [path(body, "#3b7d2a", "#1f4d14")]
    rng = random.Random(pic.slug)
    for _ in range(40):
        x, y = rng.uniform(40, 214), rng.uniform(110, 150)
        parts.append(ellipse(x, y, 3.2, 1.4, "#b8db8a", fill_opacity="0.8"))
    parts.append(
        path("M230 122 L246 118 C250 124 250 136 246 142 L230 138 Z", "#7b8f3a", "#4d5d1f", 3)
    )
    parts.append(circle(28, 132, 5, "#c9b35a"))
    parts.append(ellipse(100, 114, 50, 5, "#ffffff", fill_opacity="0.35"))
    pic.add(group(parts, "rotate(-30 128 128) translate(-2 6)"))


def draw_aubergine(pic):
    shadow(pic, 78)
    body = (
        "M150 78 C198 88 222 150 202 198 C184 238 118 238 90 206 C62 174 76 122 100 96 "
        "C114 82 132 74 150 78 Z"
    )
    pic.add(path(body, "#5e2a6e", "#351241"))
    shine(pic, 114, 150, 12, 40, 16, 0.35)
    calyx = (
        "M96 96 C108 70 150 62 172 84 C176 96 168 108 158 100 C154 112 142 114 136 104 "
        "C128 116 114 114 112 104 C104 112 92 108 96 96 Z"
    )
    pic.add(path(calyx, "#5d8f2f", "#34591a", 3))
    pic.add(line("M138 76 C140 58 148 44 162 36", "#5d8f2f", 12))
    pic.add(line("M138 76 C140 58 148 44 162 36", "#4a7526", 3))


def mushroom(scale: float, dx: float, dy: float) -> str:
    parts = [
        path(
            "M102 140 C98 174 96 204 106 216 C118 224 140 224 150 216 C160 204 158 174 154 140 Z",
            "#f7f0e6",
            "#a58f74",
        ),
        path("M44 134 C40 70 216 70 212 134 C210 150 46 150 44 134 Z", "#ede1d1", "#a58f74"),
        ellipse(128, 142, 72, 9, "#cdb596", fill_opacity="0.9"),
        ellipse(98, 98, 22, 10, "#ffffff", rotate=-18, fill_opacity="0.55"),
        circle(150, 96, 4, "#c8b294"),
        circle(168, 110, 3, "#c8b294"),
        circle(134, 88, 3, "#c8b294"),
    ]
    return group(parts, f"translate({dx} {dy}) scale({scale})")


def draw_mushroom(pic):
    shadow(pic, 96, 230)
    pic.add(mushroom(0.78, -6, 20))
    pic.add(mushroom(0.58, 112, 100))


def draw_pointed_cabbage(pic):
    shadow(pic, 72)
    body = (
        "M128 28 C152 50 198 110 198 164 C198 206 166 230 128 230 C90 230 58 206 58 164 "
        "C58 110 104 50 128 28 Z"
    )
    pic.add(path(body, "#c5e19d", "#6f9a45"))
    for d in (
        "M128 228 C118 170 120 100 128 40",
        "M128 220 C100 180 92 120 110 62",
        "M128 220 C156 180 164 120 146 62",
    ):
        pic.add(line(d, "#eef7df", 4, 0.9))
    pic.add(
        path(
            "M128 230 C88 228 58 204 60 160 C62 116 88 84 108 64 C96 112 98 176 128 230 Z",
            "#98c766",
            "#6f9a45",
        )
    )
    pic.add(
        path(
            "M128 230 C168 228 198 204 196 160 C194 116 168 84 148 64 C160 112 158 176 128 230 Z",
            "#8dbf5a",
            "#6f9a45",
        )
    )
    pic.add(line("M120 220 C92 200 80 160 92 110", "#d3ebb5", 3, 0.9))
    pic.add(line("M136 220 C164 200 176 160 164 110", "#d3ebb5", 3, 0.9))


def frilly_leaf(cx, cy, length, width, angle, fill, ripples=7) -> str:
    """A round-tipped leaf with a softly ruffled edge, base at (cx, cy), along ``angle``."""
    steps = 56
    upper, lower = [], []
    for i in range(steps + 1):
        t = i / steps
        half = width * math.sin(math.pi * (0.08 + 0.92 * t)) ** 0.5 * (0.35 + 0.65 * t**0.5)
        ruffle = 0.1 * width * math.sin(2 * math.pi * ripples * t)
        upper.append((length * t, -half - ruffle))
        lower.append((length * t, half + ruffle))
    pts = upper + lower[::-1]
    d = "M" + " L".join(f"{n(x)} {n(y)}" for x, y in pts) + " Z"
    return group(
        [
            path(d, fill, darker(fill, 0.35), 3),
            line(f"M4 0 L{n(length * 0.8)} 0", lighter(fill, 0.45), 3, 0.8),
        ],
        f"translate({n(cx)} {n(cy)}) rotate({n(angle)})",
    )


def draw_endive(pic):
    shadow(pic, 86, 226)
    base = (128, 208)
    layers = [
        ("#3f8a24", 116, 30, (-152, -126, -102, -78, -54, -28)),
        ("#5fa634", 104, 28, (-140, -114, -90, -66, -40)),
        ("#9ccc4a", 84, 24, (-126, -102, -78, -54)),
        ("#e3ec96", 60, 18, (-112, -90, -68)),
    ]
    leaves = [
        frilly_leaf(*base, length, width, angle, fill)
        for fill, length, width, angles in layers
        for angle in angles
    ]
    leaves.append(ellipse(128, 210, 30, 11, "#eef0c8", "#a9b84a", 3))
    pic.add(group(leaves, "translate(128 214) scale(1.1) translate(-128 -210)"))


def sprout(cx, cy, r) -> list[str]:
    return [
        circle(cx, cy, r, "#7cb342", "#4b7d1e"),
        line(
            f"M{n(cx - r * 0.85)} {n(cy - r * 0.3)} Q{n(cx - r * 0.2)} {n(cy + r * 0.1)} "
            f"{n(cx + r * 0.2)} {n(cy + r * 0.95)}",
            "#4b7d1e",
            2.5,
            0.7,
        ),
        line(
            f"M{n(cx + r * 0.85)} {n(cy - r * 0.35)} Q{n(cx + r * 0.1)} {n(cy)} "
            f"{n(cx - r * 0.3)} {n(cy + r * 0.9)}",
            "#4b7d1e",
            2.5,
            0.7,
        ),
        line(
            f"M{n(cx - r * 0.2)} {n(cy - r * 0.95)} Q{n(cx + r * 0.3)} {n(cy - r * 0.4)} "
            f"{n(cx + r * 0.9)} {n(cy + r * 0.15)}",
            "#a5d36a",
            2.5,
            0.8,
        ),
        ellipse(
            cx - r * 0.4,
            cy - r * 0.45,
            r * 0.22,
            r * 0.12,
            "#ffffff",
            rotate=-30,
            fill_opacity="0.5",
        ),
    ]


def draw_brussels_sprouts(pic):
    shadow(pic, 96, 228)
    for cx, cy, r in ((92, 106, 38), (164, 104, 38), (56, 176, 40), (200, 176, 40), (128, 160, 44)):
        pic.add(*sprout(cx, cy, r))
    pic.add(circle(128, 205, 8, "#e6efc6", "#9bb86a", 2))


def chicory(dx, dy, angle, scale) -> str:
    parts = [
        path(
            "M128 28 C150 36 168 80 166 140 C164 192 150 222 128 226 C106 222 92 192 90 140 "
            "C88 80 106 36 128 28 Z",
            "#f7f4e2",
            "#b8ae80",
        ),
        path(
            "M128 28 C144 34 156 56 160 80 C146 70 136 66 128 66 C120 66 110 70 96 80 "
            "C100 56 112 34 128 28 Z",
            "#e4e98a",
            "#a8ab4a",
            3,
        ),
        path(
            "M128 226 C104 222 90 192 92 140 C94 110 102 88 114 72 C108 120 110 180 128 226 Z",
            "#ecead0",
            "#b8ae80",
            3,
        ),
        line("M128 70 C134 120 136 180 130 222", "#d6cfa8", 3),
        ellipse(110, 140, 6, 34, "#ffffff", fill_opacity="0.6"),
    ]
    return group(parts, f"translate({dx} {dy}) rotate({angle} 128 128) scale({scale})")


def draw_chicory(pic):
    shadow(pic, 86)
    pic.add(chicory(30, 20, 18, 0.9))
    pic.add(chicory(-22, 4, -10, 1.0))


def draw_ginger(pic):
    shadow(pic, 100, 222)
    blobs = [
        (126, 150, 72, 34, -8),
        (62, 122, 30, 20, -40),
        (176, 110, 24, 34, 22),
        (204, 168, 30, 20, 12),
        (88, 188, 26, 18, 28),
        (136, 112, 20, 26, -10),
    ]
    union(pic, blobs, "#deb97c", "#9d7440")
    for d in (
        "M90 136 Q96 150 92 166",
        "M130 124 Q138 146 132 176",
        "M170 132 Q176 150 170 170",
        "M60 108 Q70 120 66 134",
        "M176 90 Q186 104 180 118",
        "M200 158 Q206 168 202 180",
    ):
        pic.add(line(d, "#9d7440", 3, 0.6))
    shine(pic, 110, 136, 30, 6, -8, 0.35)


# ---------------------------------------------------------------------- organic badge


def bio_badge(pic: Picture) -> None:
    """A green disc with a white leaf: 'organic' without words, bottom right."""
    pic.add(circle(214, 212, 30, "#2e7d32", "#ffffff", 5))
    pic.add(path("M200 226 C196 204 210 190 232 194 C234 216 220 228 200 226 Z", "#ffffff"))
    pic.add(line("M202 224 C210 214 218 206 228 198", "#2e7d32", 2.5))


def organic(base: Callable[[Picture], None]) -> Callable[[Picture], None]:
    def draw(pic: Picture) -> None:
        base(pic)
        bio_badge(pic)

    return draw


# ---------------------------------------------------------------------- registry

DRAWINGS: dict[str, tuple[str, Callable[[Picture], None]]] = {
    "banana": ("Bananas", draw_banana),
    "banana-bio": ("Organic bananas", organic(draw_banana)),
    "apple-elstar": ("Elstar apples", draw_apple_elstar),
    "apple-elstar-bio": ("Organic Elstar apples", organic(draw_apple_elstar)),
    "apple-jonagold": ("Jonagold apples", draw_apple_jonagold),
    "apple-granny-smith": ("Granny Smith apples", draw_apple_granny_smith),
    "pear-conference": ("Conference pears", draw_pear_conference),
    "orange": ("Oranges", draw_orange),
    "mandarin": ("Mandarins", draw_mandarin),
    "lemon": ("Lemon", draw_lemon),
    "lime": ("Lime", draw_lime),
    "kiwi": ("Kiwi fruit", draw_kiwi),
    "mango": ("Mango", draw_mango),
    "avocado": ("Avocado", draw_avocado),
    "grapes-white": ("White grapes", draw_grapes_white),
    "grapes-blue": ("Black grapes", draw_grapes_blue),
    "tomatoes-vine": ("Vine tomatoes", draw_tomatoes_vine),
    "tomato": ("Tomato", draw_tomato),
    "cucumber": ("Cucumber", draw_cucumber),
    "pepper-red": ("Red bell pepper", draw_pepper_red),
    "pepper-green": ("Green bell pepper", draw_pepper_green),
    "pepper-yellow": ("Yellow bell pepper", draw_pepper_yellow),
    "onion": ("Onions", draw_onion),
    "onion-red": ("Red onions", draw_onion_red),
    "garlic": ("Garlic", draw_garlic),
    "potato": ("Potatoes", draw_potato),
    "sweet-potato": ("Sweet potato", draw_sweet_potato),
    "carrot": ("Carrots", draw_carrot),
    "leek": ("Leek", draw_leek),
    "broccoli": ("Broccoli", draw_broccoli),
    "cauliflower": ("Cauliflower", draw_cauliflower),
    "courgette": ("Courgette", draw_courgette),
    "aubergine": ("Aubergine", draw_aubergine),
    "mushroom": ("White mushrooms", draw_mushroom),
    "pointed-cabbage": ("Pointed cabbage", draw_pointed_cabbage),
    "endive": ("Curly endive", draw_endive),
    "brussels-sprouts": ("Brussels sprouts", draw_brussels_sprouts),
    "chicory": ("Chicory", draw_chicory),
    "ginger": ("Ginger", draw_ginger),
}


def render(slug: str) -> str:
    title, draw = DRAWINGS[slug]
    pic = Picture(slug, title)
    draw(pic)
    return pic.svg()


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    out = (
        Path(args[0]) if args else Path(__file__).resolve().parent.parent / "assets/images/produce"
    )
    out.mkdir(parents=True, exist_ok=True)
    for slug in DRAWINGS:
        (out / f"{slug}.svg").write_text(render(slug), encoding="utf-8")
    print(f"wrote {len(DRAWINGS)} pictures to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
