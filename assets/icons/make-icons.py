#!/usr/bin/env python3
# make-icons.py - generate the Safe Online Kiosk pictogram set
#
# The SVG files in this folder are the product; this script is how they were
# drawn.  Edit a drawing function and run `python3 make-icons.py` from this
# folder to rewrite every <name>.svg.  Plain SVG 1.1 only (no text, fonts,
# filters or external references) so librsvg renders them at any size.

import math
import os
import sys

OUT = "#3D2C4E"        # outline: dark plum
SW = 7                 # outline width on the 256 grid
WHITE = "#FFFFFF"
YEL = "#FFC93C"
CORAL = "#FF6B6B"
SKY = "#4DABF7"
LEAF = "#51CF66"
LILAC = "#B197FC"
ORANGE = "#FF922B"
PINK = "#FFA8C5"
GREY = "#ADB5BD"
PAPER = "#FFFDF5"
SCREEN = "#D0EBFF"
DARKSCREEN = "#4C6EF5"

SKIN = ["#FFE0CC", "#F5C9A0", "#E0A872", "#B97A4A", "#8A5634", "#5E3A24"]
HAIR = {"black": "#2B2230", "brown": "#7A4A26", "blonde": "#F2C14E",
        "ginger": "#D8622B", "grey": "#C9CDD6", "dark": "#3E2A1E"}

BG = {"home": "#FFF3CF", "rule": "#E3F2FF", "cat": "#F1EBFF",
      "where": "#E6F8EA", "feel": "#FFF0E8", "talk": "#FFEFF3",
      "ctl": "#EEF1F6"}


def f(v):
    s = "%.1f" % v
    return s[:-2] if s.endswith(".0") else s


def svg(body, bg=None, bgcolor=None):
    disc = ""
    if bg or bgcolor:
        disc = '<circle cx="128" cy="128" r="120" fill="%s"/>' % (bgcolor or BG[bg])
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<svg xmlns="http://www.w3.org/2000/svg" version="1.1" '
            'viewBox="0 0 256 256">\n'
            '<g stroke-linejoin="round" stroke-linecap="round">\n'
            + disc + "\n" + body + "\n</g>\n</svg>\n")


def st(fill, w=SW):
    return 'fill="%s" stroke="%s" stroke-width="%s"' % (fill, OUT, f(w))


def line(points, w=SW, color=OUT):
    d = "M" + " L".join("%s,%s" % (f(x), f(y)) for x, y in points)
    return '<path d="%s" fill="none" stroke="%s" stroke-width="%s"/>' % (d, color, f(w))


def path(d, fill, w=SW):
    return '<path d="%s" %s/>' % (d, st(fill, w))


def stroke_path(d, color=OUT, w=SW):
    return '<path d="%s" fill="none" stroke="%s" stroke-width="%s"/>' % (d, color, f(w))


def circle(cx, cy, r, fill, w=SW):
    return '<circle cx="%s" cy="%s" r="%s" %s/>' % (f(cx), f(cy), f(r), st(fill, w))


def dot(cx, cy, r, fill=OUT):
    return '<circle cx="%s" cy="%s" r="%s" fill="%s"/>' % (f(cx), f(cy), f(r), fill)


def ellipse(cx, cy, rx, ry, fill, w=SW):
    return '<ellipse cx="%s" cy="%s" rx="%s" ry="%s" %s/>' % (f(cx), f(cy), f(rx), f(ry), st(fill, w))


def rect(x, y, w, h, rx, fill, sw=SW, extra=""):
    return '<rect x="%s" y="%s" width="%s" height="%s" rx="%s" %s%s/>' % (
        f(x), f(y), f(w), f(h), f(rx), st(fill, sw), extra)


def rot(el, angle, cx, cy):
    return '<g transform="rotate(%s %s %s)">%s</g>' % (f(angle), f(cx), f(cy), el)


def group(els, transform=None):
    t = ' transform="%s"' % transform if transform else ""
    return "<g%s>%s</g>" % (t, "".join(els))


def blob(shapes, fill, w=SW):
    """Several shapes merged into one silhouette with a single outline."""
    inner = "".join(shapes)
    return ('<g fill="%s" stroke="%s" stroke-width="%s">%s</g>'
            '<g fill="%s" stroke="none">%s</g>') % (OUT, OUT, f(2 * w), inner, fill, inner)


def R(x, y, w, h, rx=None, t=None):
    rx = min(w, h) / 2 if rx is None else rx
    tr = ' transform="%s"' % t if t else ""
    return '<rect x="%s" y="%s" width="%s" height="%s" rx="%s"%s/>' % (
        f(x), f(y), f(w), f(h), f(rx), tr)


def C(cx, cy, r):
    return '<circle cx="%s" cy="%s" r="%s"/>' % (f(cx), f(cy), f(r))


def P(d):
    return '<path d="%s"/>' % d


# ---------------------------------------------------------------- shapes

def star_pts(cx, cy, r, inner=0.5, n=5, rot_deg=-90):
    pts = []
    for i in range(2 * n):
        rr = r if i % 2 == 0 else r * inner
        a = math.radians(rot_deg + i * 180.0 / n)
        pts.append((cx + rr * math.cos(a), cy + rr * math.sin(a)))
    return pts


def star(cx, cy, r, fill=YEL, w=SW, inner=0.5):
    pts = star_pts(cx, cy, r, inner)
    return '<polygon points="%s" %s/>' % (
        " ".join("%s,%s" % (f(x), f(y)) for x, y in pts), st(fill, w))


def sparkle(cx, cy, r, fill=YEL, w=4):
    d = "M%s,%s Q%s,%s %s,%s Q%s,%s %s,%s Q%s,%s %s,%s Q%s,%s %s,%sZ" % (
        f(cx), f(cy - r), f(cx), f(cy), f(cx + r), f(cy),
        f(cx), f(cy), f(cx), f(cy + r),
        f(cx), f(cy), f(cx - r), f(cy),
        f(cx), f(cy), f(cx), f(cy - r))
    return path(d, fill, w)


def heart(cx, cy, s, fill=CORAL, w=SW):
    # s = half width
    d = ("M%s,%s C%s,%s %s,%s %s,%s C%s,%s %s,%s %s,%s "
         "C%s,%s %s,%s %s,%s C%s,%s %s,%s %s,%sZ") % (
        f(cx), f(cy + s * 0.95),
        f(cx - s * 0.45), f(cy + s * 0.6), f(cx - s), f(cy + s * 0.2), f(cx - s), f(cy - s * 0.3),
        f(cx - s), f(cy - s * 0.85), f(cx - s * 0.2), f(cy - s * 0.95), f(cx), f(cy - s * 0.45),
        f(cx + s * 0.2), f(cy - s * 0.95), f(cx + s), f(cy - s * 0.85), f(cx + s), f(cy - s * 0.3),
        f(cx + s), f(cy + s * 0.2), f(cx + s * 0.45), f(cy + s * 0.6), f(cx), f(cy + s * 0.95))
    return path(d, fill, w)


def qmark(cx, cy, s, color=OUT, w=None):
    w = w or max(5, s * 0.32)
    d = "M%s,%s C%s,%s %s,%s %s,%s C%s,%s %s,%s %s,%s" % (
        f(cx - s * 0.55), f(cy - s * 0.55),
        f(cx - s * 0.55), f(cy - s * 1.2), f(cx + s * 0.6), f(cy - s * 1.2), f(cx + s * 0.6), f(cy - s * 0.5),
        f(cx + s * 0.6), f(cy - s * 0.05), f(cx), f(cy - s * 0.1), f(cx), f(cy + s * 0.35))
    return stroke_path(d, color, w) + dot(cx, cy + s * 0.85, w * 0.62, color)


def tick(cx, cy, s, color=WHITE, w=None):
    w = w or s * 0.32
    return line([(cx - s * 0.55, cy), (cx - s * 0.15, cy + s * 0.4), (cx + s * 0.6, cy - s * 0.4)], w, color)


def cross(cx, cy, s, color=WHITE, w=None):
    w = w or s * 0.3
    return (line([(cx - s * 0.45, cy - s * 0.45), (cx + s * 0.45, cy + s * 0.45)], w, color)
            + line([(cx + s * 0.45, cy - s * 0.45), (cx - s * 0.45, cy + s * 0.45)], w, color))


def bubble(x, y, w, h, fill=WHITE, tail="left", sw=SW, r=None):
    """Rounded speech bubble; tail at bottom-left, bottom-right or none."""
    r = r if r is not None else min(26, h / 2.4)
    shapes = [R(x, y, w, h, r)]
    b = y + h
    if isinstance(tail, tuple):
        tx, ty = tail
        bx = min(max(tx, x + r + w * 0.12), x + w - r - w * 0.12)
        shapes.append(P("M%s,%s L%s,%s L%s,%sZ" % (f(bx - w * 0.12), f(b - 10), f(tx), f(ty), f(bx + w * 0.12), f(b - 10))))
    elif tail == "left":
        shapes.append(P("M%s,%s L%s,%s L%s,%sZ" % (f(x + w * 0.22), f(b - 10), f(x + w * 0.12), f(b + h * 0.38), f(x + w * 0.42), f(b - 10))))
    elif tail == "right":
        shapes.append(P("M%s,%s L%s,%s L%s,%sZ" % (f(x + w * 0.78), f(b - 10), f(x + w * 0.88), f(b + h * 0.38), f(x + w * 0.58), f(b - 10))))
    elif tail == "downleft":
        shapes.append(P("M%s,%s L%s,%s L%s,%sZ" % (f(x + w * 0.3), f(b - 10), f(x + w * 0.05), f(b + h * 0.45), f(x + w * 0.52), f(b - 10))))
    elif tail == "downright":
        shapes.append(P("M%s,%s L%s,%s L%s,%sZ" % (f(x + w * 0.7), f(b - 10), f(x + w * 0.95), f(b + h * 0.45), f(x + w * 0.48), f(b - 10))))
    return blob(shapes, fill, sw)


def thought(x, y, w, h, tx, ty, fill=WHITE):
    """Cloud-like thought bubble with two small circles trailing to (tx, ty)."""
    cx, cy = x + w / 2, y + h / 2
    shapes = [R(x, y + h * 0.12, w, h * 0.76, h * 0.38)]
    for i in range(4):
        shapes.append(C(x + w * (0.2 + 0.2 * i), y + h * 0.22, h * 0.24))
        shapes.append(C(x + w * (0.2 + 0.2 * i), y + h * 0.8, h * 0.22))
    out = blob(shapes, fill)
    mx, my = (cx + tx) / 2, (y + h + ty) / 2 + 4
    out += circle(mx, my, 8, fill, 5) + circle(tx, ty, 5, fill, 4)
    return out


# ---------------------------------------------------------------- people

def face(cx, cy, r, mood="smile", cheeks=True, eyes_dx=0.36, look=0.0):
    ew = max(2.6, r * 0.1)
    ex = r * eyes_dx
    ey = cy + r * 0.02
    out = ""
    lw = max(3.5, r * 0.09)
    if mood in ("smile", "happy", "talk", "kind", "sad", "worried", "scared", "open"):
        out += dot(cx - ex + look, ey, ew) + dot(cx + ex + look, ey, ew)
    if mood in ("smile", "kind"):
        out += stroke_path("M%s,%s Q%s,%s %s,%s" % (f(cx - r * 0.3), f(cy + r * 0.34), f(cx), f(cy + r * 0.62), f(cx + r * 0.3), f(cy + r * 0.34)), OUT, lw)
    elif mood == "happy":
        out += path("M%s,%s Q%s,%s %s,%sZ" % (f(cx - r * 0.34), f(cy + r * 0.3), f(cx), f(cy + r * 0.78), f(cx + r * 0.34), f(cy + r * 0.3)), "#E8505B", lw * 0.8)
    elif mood == "talk":
        out += ellipse(cx + look, cy + r * 0.45, r * 0.17, r * 0.13, "#E8505B", lw * 0.8)
    elif mood == "open":
        out += ellipse(cx + look, cy + r * 0.45, r * 0.13, r * 0.15, "#E8505B", lw * 0.8)
    elif mood == "sad":
        out += stroke_path("M%s,%s Q%s,%s %s,%s" % (f(cx - r * 0.26), f(cy + r * 0.55), f(cx), f(cy + r * 0.32), f(cx + r * 0.26), f(cy + r * 0.55)), OUT, lw)
    elif mood == "worried":
        out += stroke_path("M%s,%s Q%s,%s %s,%s Q%s,%s %s,%s" % (
            f(cx - r * 0.28), f(cy + r * 0.48), f(cx - r * 0.14), f(cy + r * 0.36), f(cx), f(cy + r * 0.48),
            f(cx + r * 0.14), f(cy + r * 0.6), f(cx + r * 0.28), f(cy + r * 0.48)), OUT, lw)
        out += line([(cx - ex - r * 0.14, cy - r * 0.2), (cx - ex + r * 0.12, cy - r * 0.3)], lw * 0.8)
        out += line([(cx + ex + r * 0.14, cy - r * 0.2), (cx + ex - r * 0.12, cy - r * 0.3)], lw * 0.8)
    if cheeks and mood in ("smile", "happy", "talk", "kind", "open"):
        out += '<circle cx="%s" cy="%s" r="%s" fill="#FF8FA3" opacity="0.55"/>' % (f(cx - r * 0.58), f(cy + r * 0.3), f(r * 0.15))
        out += '<circle cx="%s" cy="%s" r="%s" fill="#FF8FA3" opacity="0.55"/>' % (f(cx + r * 0.58), f(cy + r * 0.3), f(r * 0.15))
    return out


def hair_back(cx, cy, r, style, color):
    if style == "long":
        return path("M%s,%s C%s,%s %s,%s %s,%s L%s,%s C%s,%s %s,%s %s,%sZ" % (
            f(cx - r * 1.12), f(cy + r * 1.05),
            f(cx - r * 1.35), f(cy - r * 0.2), f(cx - r * 0.9), f(cy - r * 1.2), f(cx), f(cy - r * 1.18),
            f(cx), f(cy - r * 1.18),
            f(cx + r * 0.9), f(cy - r * 1.2), f(cx + r * 1.35), f(cy - r * 0.2), f(cx + r * 1.12), f(cy + r * 1.05)), color)
    if style == "bun":
        return circle(cx, cy - r * 1.02, r * 0.42, color)
    if style == "puffs":
        return circle(cx - r * 0.92, cy - r * 0.62, r * 0.42, color) + circle(cx + r * 0.92, cy - r * 0.62, r * 0.42, color)
    if style == "pony":
        return path("M%s,%s C%s,%s %s,%s %s,%s C%s,%s %s,%s %s,%sZ" % (
            f(cx + r * 0.7), f(cy - r * 0.7),
            f(cx + r * 1.6), f(cy - r * 0.9), f(cx + r * 1.6), f(cy + r * 0.3), f(cx + r * 1.3), f(cy + r * 0.75),
            f(cx + r * 1.1), f(cy + r * 0.2), f(cx + r * 1.0), f(cy - r * 0.2), f(cx + r * 0.7), f(cy - r * 0.7)), color)
    if style == "curly":
        shapes = []
        for i in range(9):
            a = math.radians(180 + i * 22.5)
            shapes.append(C(cx + r * 0.95 * math.cos(a), cy + r * 0.95 * math.sin(a) - r * 0.08, r * 0.33))
        return blob(shapes, color)
    if style == "hijab":
        return path("M%s,%s C%s,%s %s,%s %s,%s C%s,%s %s,%s %s,%s Q%s,%s %s,%sZ" % (
            f(cx - r * 1.05), f(cy + r * 1.35),
            f(cx - r * 1.4), f(cy - r * 0.4), f(cx - r * 0.8), f(cy - r * 1.3), f(cx), f(cy - r * 1.3),
            f(cx + r * 0.8), f(cy - r * 1.3), f(cx + r * 1.4), f(cy - r * 0.4), f(cx + r * 1.05), f(cy + r * 1.35),
            f(cx), f(cy + r * 1.6), f(cx - r * 1.05), f(cy + r * 1.35)), color)
    return ""


def hair_front(cx, cy, r, style, color):
    if style in ("short", "long", "bun", "pony", "puffs", "curly"):
        dip = {"short": 0.42, "long": 0.5, "bun": 0.45, "pony": 0.45, "puffs": 0.5, "curly": 0.5}[style]
        side = 0.12 if style != "short" else 0.0
        return path("M%s,%s A%s,%s 0 0 1 %s,%s Q%s,%s %s,%s Q%s,%s %s,%sZ" % (
            f(cx - r * 1.0), f(cy + r * side),
            f(r), f(r), f(cx + r * 1.0), f(cy + r * side),
            f(cx + r * 0.75), f(cy - r * dip - r * 0.1), f(cx + r * 0.05), f(cy - r * dip),
            f(cx - r * 0.7), f(cy - r * dip + r * 0.05), f(cx - r * 1.0), f(cy + r * side)), color)
    if style == "spiky":
        pts = [(cx - r, cy)]
        for i in range(7):
            a = math.radians(180 + i * 30)
            pts.append((cx + r * 1.22 * math.cos(a + math.radians(15)) * (1 if i < 6 else 1), cy + r * 1.22 * math.sin(a + math.radians(15))))
            if i < 6:
                pts.append((cx + r * 0.82 * math.cos(a + math.radians(30)), cy + r * 0.82 * math.sin(a + math.radians(30)) - r * 0.1))
        pts = [(cx - r * 1.0, cy - r * 0.05)] + [p for p in pts[1:] if p[1] < cy] + [(cx + r * 1.0, cy - r * 0.05), (cx + r * 0.4, cy - r * 0.45), (cx - r * 0.4, cy - r * 0.45)]
        return '<polygon points="%s" %s/>' % (" ".join("%s,%s" % (f(x), f(y)) for x, y in pts), st(color))
    if style == "bald":
        return ""
    if style == "hijab":
        return ""
    return ""


def head(cx, cy, r, skin, style="short", hair="dark", mood="smile", look=0.0, glasses=False):
    hc = HAIR.get(hair, hair)
    out = hair_back(cx, cy, r, style, hc)
    out += circle(cx, cy, r, skin)
    out += hair_front(cx, cy, r, style, hc)
    out += face(cx, cy, r, mood, look=look)
    if glasses:
        ex = r * 0.36
        out += circle(cx - ex, cy + r * 0.02, r * 0.24, "none", 4) + circle(cx + ex, cy + r * 0.02, r * 0.24, "none", 4)
        out += line([(cx - ex + r * 0.24, cy), (cx + ex - r * 0.24, cy)], 4)
    return out


def torso(cx, top, w, bottom, color, neck_skin=None):
    rr = w * 0.42
    d = "M%s,%s L%s,%s Q%s,%s %s,%s L%s,%s Q%s,%s %s,%s L%s,%sZ" % (
        f(cx - w / 2), f(bottom), f(cx - w / 2), f(top + rr),
        f(cx - w / 2), f(top), f(cx - w / 2 + rr), f(top),
        f(cx + w / 2 - rr), f(top),
        f(cx + w / 2), f(top), f(cx + w / 2), f(top + rr),
        f(cx + w / 2), f(bottom))
    return path(d, color)


def person(cx, cy, r, skin, style, hair, shirt, bottom=226, mood="smile", look=0.0, glasses=False, body_w=None):
    """Bust: head centre (cx, cy) radius r, torso down to bottom."""
    bw = body_w or r * 2.3
    out = torso(cx, cy + r * 0.85, bw, bottom, shirt)
    out += head(cx, cy, r, skin, style, hair, mood, look, glasses)
    return out


def limb(x1, y1, x2, y2, w, color):
    """Arm or sleeve: a rounded bar from (x1,y1) to (x2,y2)."""
    ln = math.hypot(x2 - x1, y2 - y1)
    ang = math.degrees(math.atan2(y2 - y1, x2 - x1))
    return '<g transform="translate(%s %s) rotate(%s)">%s</g>' % (
        f(x1), f(y1), f(ang), rect(-w / 2, -w / 2, ln + w, w, w / 2, color))


def palm(cx, cy, s, skin, angle=0, spread=8, thumb=True):
    """Open hand, fingers up before rotation; s ~ palm width."""
    shapes = [R(cx - s * 0.5, cy - s * 0.35, s, s * 0.95, s * 0.32)]
    fw = s * 0.23
    lens = [0.62, 0.72, 0.68, 0.52]
    for i, ln in enumerate(lens):
        fx = cx - s * 0.5 + fw * 0.5 + i * (s - fw) / 3.0
        a = (i - 1.5) * spread
        shapes.append(R(fx - fw / 2, cy - s * 0.3 - s * ln, fw, s * ln + s * 0.3, fw / 2,
                        t="rotate(%s %s %s)" % (f(a), f(fx), f(cy - s * 0.2))))
    if thumb:
        shapes.append(R(cx - s * 0.5 - fw * 0.5, cy - s * 0.05, fw * 1.05, s * 0.62, fw * 0.52,
                        t="rotate(-40 %s %s)" % (f(cx - s * 0.4), f(cy + s * 0.4))))
    return '<g transform="rotate(%s %s %s)">%s</g>' % (f(angle), f(cx), f(cy), blob(shapes, skin))


# ---------------------------------------------------------------- objects

def tablet(x, y, w, h, body=SKY, screen=SCREEN, inner=""):
    m = min(w, h) * 0.11
    return (rect(x, y, w, h, min(w, h) * 0.14, body)
            + rect(x + m, y + m, w - 2 * m, h - 2 * m, min(w, h) * 0.06, screen, 5)
            + inner)


def phone(x, y, w, h, body=OUT, screen=SCREEN, inner=""):
    m = w * 0.12
    return (rect(x, y, w, h, w * 0.2, body)
            + rect(x + m, y + m * 1.8, w - 2 * m, h - m * 3.6, w * 0.06, screen, 4)
            + inner)


def monitor(x, y, w, h, screen=SCREEN, body="#5C7CFA", stand=True):
    out = ""
    if stand:
        cx = x + w / 2
        out += path("M%s,%s L%s,%s L%s,%s L%s,%sZ" % (f(cx - w * 0.1), f(y + h - 4), f(cx + w * 0.1), f(y + h - 4), f(cx + w * 0.14), f(y + h + 22), f(cx - w * 0.14), f(y + h + 22)), GREY)
        out += rect(cx - w * 0.28, y + h + 18, w * 0.56, 12, 6, GREY)
    out += rect(x, y, w, h, 14, body)
    out += rect(x + 11, y + 11, w - 22, h - 22, 6, screen, 5)
    return out


def padlock(cx, cy, s, body=YEL, keyhole=True):
    # s = body width
    out = stroke_path("M%s,%s L%s,%s A%s,%s 0 0 1 %s,%s L%s,%s" % (
        f(cx - s * 0.3), f(cy - s * 0.2), f(cx - s * 0.3), f(cy - s * 0.42),
        f(s * 0.3), f(s * 0.3), f(cx + s * 0.3), f(cy - s * 0.42), f(cx + s * 0.3), f(cy - s * 0.2)), OUT, s * 0.17)
    out += stroke_path("M%s,%s L%s,%s A%s,%s 0 0 1 %s,%s L%s,%s" % (
        f(cx - s * 0.3), f(cy - s * 0.2), f(cx - s * 0.3), f(cy - s * 0.42),
        f(s * 0.3), f(s * 0.3), f(cx + s * 0.3), f(cy - s * 0.42), f(cx + s * 0.3), f(cy - s * 0.2)), GREY, s * 0.17 - 2 * SW * 0.8)
    out += rect(cx - s * 0.5, cy - s * 0.22, s, s * 0.8, s * 0.14, body)
    if keyhole:
        out += dot(cx, cy + s * 0.1, s * 0.09) + rect(cx - s * 0.04, cy + s * 0.1, s * 0.08, s * 0.2, s * 0.04, OUT, 0)
    return out


def shield(cx, cy, s, fill=LEAF, inner=""):
    d = "M%s,%s Q%s,%s %s,%s L%s,%s C%s,%s %s,%s %s,%s C%s,%s %s,%s %s,%s L%s,%s Q%s,%s %s,%sZ" % (
        f(cx), f(cy - s),
        f(cx + s * 0.4), f(cy - s * 0.75), f(cx + s * 0.85), f(cy - s * 0.75),
        f(cx + s * 0.85), f(cy - s * 0.1),
        f(cx + s * 0.85), f(cy + s * 0.5), f(cx + s * 0.4), f(cy + s * 0.85), f(cx), f(cy + s),
        f(cx - s * 0.4), f(cy + s * 0.85), f(cx - s * 0.85), f(cy + s * 0.5), f(cx - s * 0.85), f(cy - s * 0.1),
        f(cx - s * 0.85), f(cy - s * 0.75),
        f(cx - s * 0.4), f(cy - s * 0.75), f(cx), f(cy - s))
    return path(d, fill) + inner


def house(cx, base, s, wall=YEL, roof=CORAL, door=SKY):
    out = rect(cx - s * 0.42, base - s * 0.62, s * 0.84, s * 0.62, 6, wall)
    out += path("M%s,%s L%s,%s L%s,%sZ" % (f(cx - s * 0.58), f(base - s * 0.55), f(cx), f(base - s * 1.05), f(cx + s * 0.58), f(base - s * 0.55)), roof)
    out += rect(cx - s * 0.12, base - s * 0.32, s * 0.24, s * 0.32, 4, door, 5)
    return out


def cloud(cx, cy, s, fill="#C5CCE0"):
    shapes = [R(cx - s, cy - s * 0.1, s * 2, s * 0.6, s * 0.3), C(cx - s * 0.45, cy - s * 0.1, s * 0.38),
              C(cx + s * 0.1, cy - s * 0.3, s * 0.5), C(cx + s * 0.6, cy, s * 0.35)]
    return blob(shapes, fill)


def camera(cx, cy, s, body=LILAC):
    out = rect(cx - s * 0.25, cy - s * 0.52, s * 0.5, s * 0.2, s * 0.06, GREY, 5)
    out += rect(cx - s * 0.62, cy - s * 0.38, s * 1.24, s * 0.84, s * 0.16, body)
    out += circle(cx, cy + s * 0.05, s * 0.3, WHITE)
    out += circle(cx, cy + s * 0.05, s * 0.15, "#5C7CFA", 4)
    out += dot(cx + s * 0.42, cy - s * 0.22, s * 0.06, YEL)
    return out


def pencil(x1, y1, x2, y2, w, body=YEL):
    """Pencil from tip (x1,y1) to end (x2,y2)."""
    ln = math.hypot(x2 - x1, y2 - y1)
    ang = math.degrees(math.atan2(y2 - y1, x2 - x1))
    tipl = w * 1.3
    g = []
    g.append(rect(tipl, -w / 2, ln - tipl - w * 0.5, w, 4, body))
    g.append(rect(ln - w * 0.7, -w / 2, w * 0.7, w, w * 0.3, PINK))
    g.append(path("M0,0 L%s,%s L%s,%sZ" % (f(tipl), f(-w / 2), f(tipl), f(w / 2)), "#FFE3B3"))
    g.append(path("M0,0 L%s,%s L%s,%sZ" % (f(tipl * 0.38), f(-w * 0.19), f(tipl * 0.38), f(w * 0.19)), OUT, 3))
    g.append(line([(tipl + 4, 0), (ln - w * 0.7 - 4, 0)], 3, "#E0A800"))
    return '<g transform="translate(%s %s) rotate(%s)">%s</g>' % (f(x1), f(y1), f(ang), "".join(g))


def arrow(direction, color):
    s = 1 if direction == "right" else -1
    cx = 128
    pts = [(-62, -20), (8, -20), (8, -52), (66, 0), (8, 52), (8, 20), (-62, 20)]
    pts = [(cx + s * x, 128 + y) for x, y in pts]
    return '<polygon points="%s" %s/>' % (" ".join("%s,%s" % (f(x), f(y)) for x, y in pts), st(color, 8))


# ---------------------------------------------------------------- icons

ICONS = {}


def icon(name):
    def deco(fn):
        ICONS[name] = fn
        return fn
    return deco


# Home ------------------------------------------------------------------

@icon("tile-promise")
def _():
    b = person(128, 92, 40, SKIN[3], "puffs", "black", LILAC, bottom=232, body_w=108)
    b += heart(116, 176, 28, CORAL)
    b += limb(172, 218, 150, 184, 26, LILAC)
    b += palm(138, 178, 30, SKIN[3], angle=-60, spread=3)
    b += star(200, 60, 26, YEL)
    b += sparkle(56, 62, 13) + sparkle(214, 118, 9)
    return svg(b, "home")


@icon("tile-tell")
def _():
    b = person(170, 112, 36, SKIN[1], "long", "brown", SKY, bottom=230, body_w=96, look=-5)
    b += person(76, 150, 28, SKIN[4], "short", "black", YEL, bottom=230, body_w=72, mood="talk", look=4)
    b += bubble(42, 28, 88, 64, WHITE, tail="downleft")
    b += heart(86, 60, 20)
    return svg(b, "home")


# Early rules -----------------------------------------------------------

@icon("rule-online-with-grown-up")
def _():
    b = person(164, 84, 34, SKIN[2], "bun", "dark", LEAF, bottom=200, body_w=92)
    b += person(88, 112, 27, SKIN[0], "short", "ginger", CORAL, bottom=200, body_w=70)
    b += tablet(58, 150, 140, 82, SKY)
    b += heart(128, 190, 14)
    return svg(b, "rule")


@icon("rule-kind-online")
def _():
    b = tablet(52, 70, 152, 118, CORAL)
    b += bubble(80, 92, 96, 58, WHITE, tail="left", r=20)
    b += heart(128, 120, 18)
    b += sparkle(210, 60, 14) + sparkle(46, 200, 10)
    return svg(b, "rule")


@icon("rule-keep-info-safe")
def _():
    b = rect(36, 64, 150, 110, 16, WHITE)
    b += rect(50, 80, 54, 64, 10, "#E7F5FF", 5)
    b += head(77, 108, 16, SKIN[4], "short", "black")
    b += line([(116, 94), (168, 94)], 7, GREY) + line([(116, 116), (160, 116)], 7, GREY) + line([(116, 138), (150, 138)], 7, GREY)
    b += padlock(172, 170, 70, YEL)
    return svg(b, "rule")


@icon("rule-tell-grown-up")
def _():
    b = person(172, 108, 36, SKIN[4], "short", "black", ORANGE, bottom=230, body_w=96, look=-5, glasses=True)
    b += person(78, 150, 27, SKIN[1], "pony", "blonde", LILAC, bottom=230, body_w=70, mood="talk", look=4)
    b += bubble(38, 26, 92, 66, WHITE, tail="downleft")
    b += tablet(64, 40, 40, 32, SKY, SCREEN)
    return svg(b, "rule")


# Junior rules ----------------------------------------------------------

@icon("rule-own-login")
def _():
    b = monitor(40, 46, 176, 124)
    b += circle(128, 86, 16, SKIN[2], 5) + path("M104,128 Q104,106 128,106 Q152,106 152,128Z", LEAF, 5)
    b += rect(76, 134, 104, 24, 12, WHITE, 5)
    b += dot(96, 146, 5) + dot(116, 146, 5) + dot(136, 146, 5) + dot(156, 146, 5)
    key = blob([C(0, 0, 22), R(14, -8, 62, 16, 6), R(52, 0, 12, 22, 4), R(66, 0, 10, 16, 4)], YEL)
    key += circle(0, 0, 8, "#E3F2FF", 5)
    b += '<g transform="translate(168 186) rotate(-30)">%s</g>' % key
    return svg(b, "rule")


@icon("rule-ask-before-online")
def _():
    b = limb(124, 176, 154, 112, 26, YEL)
    b += person(96, 130, 32, SKIN[5], "curly", "black", YEL, bottom=228, body_w=84)
    b += palm(160, 92, 30, SKIN[5], angle=12)
    b += bubble(26, 24, 60, 52, WHITE, tail="downright", r=20)
    b += qmark(56, 54, 14)
    b += tablet(172, 154, 56, 70, SKY)
    return svg(b, "rule")


@icon("rule-kind-respectful")
def _():
    b = person(78, 112, 30, SKIN[1], "long", "dark", SKY, bottom=226, body_w=78)
    b += person(178, 112, 30, SKIN[3], "short", "brown", CORAL, bottom=226, body_w=78)
    b += limb(96, 160, 116, 186, 22, SKY) + limb(160, 160, 140, 186, 22, CORAL)
    b += circle(118, 190, 14, SKIN[1]) + circle(138, 190, 14, SKIN[3])
    b += heart(128, 52, 24)
    return svg(b, "rule")


@icon("rule-private-info")
def _():
    b = house(92, 178, 100)
    b += phone(150, 86, 54, 96, "#495057")
    b += shield(170, 170, 44, LEAF, tick(170, 166, 30))
    return svg(b, "rule")


@icon("rule-no-meeting")
def _():
    b = tablet(34, 54, 140, 118, SKY, SCREEN)
    b += circle(104, 96, 20, GREY) + path("M72,152 Q72,120 104,120 Q136,120 136,152Z", GREY)
    b += qmark(104, 96, 10, WHITE, 5)
    b += circle(180, 172, 44, CORAL)
    b += palm(180, 180, 34, WHITE, spread=5)
    return svg(b, "rule")


@icon("rule-tell-trusted-adult")
def _():
    b = person(170, 108, 36, SKIN[0], "hijab", "#4DABF7", LEAF, bottom=230, body_w=96, look=-5)
    b += person(78, 150, 27, SKIN[3], "spiky", "dark", ORANGE, bottom=230, body_w=70, mood="talk", look=4)
    b += bubble(36, 26, 92, 66, WHITE, tail="downleft")
    b += dot(62, 58, 7) + dot(82, 58, 7) + dot(102, 58, 7)
    b += heart(170, 190, 14)
    return svg(b, "rule")


@icon("rule-school-checks")
def _():
    b = monitor(34, 50, 160, 116)
    b += rect(56, 74, 60, 10, 5, GREY, 0) + rect(56, 94, 90, 10, 5, GREY, 0) + rect(56, 114, 74, 10, 5, GREY, 0)
    b += shield(178, 150, 50, LEAF, tick(178, 146, 36))
    return svg(b, "rule")


@icon("rule-think-before-sharing")
def _():
    b = person(92, 164, 34, SKIN[2], "bun", "brown", SKY, bottom=232, body_w=88, look=6)
    b += thought(106, 28, 122, 92, 112, 124)
    b += rect(134, 46, 66, 54, 8, "#E7F5FF", 5)
    b += path("M140,94 L158,70 L172,86 L180,78 L194,94Z", LEAF, 4)
    b += dot(184, 60, 7, YEL)
    return svg(b, "rule")


@icon("rule-trusted-sites")
def _():
    b = rect(30, 50, 196, 150, 16, WHITE)
    b += path("M30,90 L30,66 Q30,50 46,50 L210,50 Q226,50 226,66 L226,90Z", SKY)
    b += dot(50, 70, 6, CORAL) + dot(68, 70, 6, YEL) + dot(86, 70, 6, LEAF)
    b += circle(128, 146, 38, LEAF) + tick(128, 146, 44)
    b += star(196, 186, 20)
    return svg(b, "rule")


@icon("rule-rules-broken")
def _():
    b = rect(58, 44, 140, 176, 16, "#FFE8CC")
    b += rect(96, 32, 64, 26, 10, GREY)
    rows = [(90, LEAF, True), (136, LEAF, True), (182, CORAL, False)]
    for y, col, ok in rows:
        b += circle(92, y, 16, col, 5)
        b += tick(92, y, 20, WHITE, 5) if ok else cross(92, y, 20, WHITE, 5)
        b += line([(120, y), (174, y)], 9, "#C9A27A")
    return svg(b, "rule")


# Report: what happened -------------------------------------------------

def grumble(x, y, w, h):
    """Cross scribble inside a jagged 'unkind words' bubble."""
    pts = []
    n = 12
    cx, cy = x + w / 2, y + h / 2
    for i in range(2 * n):
        a = 2 * math.pi * i / (2 * n)
        k = 1.0 if i % 2 == 0 else 0.8
        pts.append((cx + w / 2 * k * math.cos(a), cy + h / 2 * k * math.sin(a)))
    out = '<polygon points="%s" %s/>' % (" ".join("%s,%s" % (f(a), f(b)) for a, b in pts), st("#D9D0FF"))
    out += stroke_path("M%s,%s l10,-12 l10,12 l10,-12 l10,12 l10,-12 l10,12" % (f(cx - 30), f(cy + 6)), OUT, 6)
    return out


@icon("cat-unkind-to-me")
def _():
    b = person(92, 152, 36, SKIN[2], "long", "brown", SKY, bottom=232, body_w=92, mood="sad")
    b += ellipse(76, 166, 4.5, 7, "#74C0FC", 2.5)
    b += phone(160, 104, 64, 112, "#495057")
    b += grumble(132, 40, 104, 74)
    return svg(b, "cat")


@icon("cat-unkind-to-friend")
def _():
    b = person(74, 130, 30, SKIN[4], "short", "dark", YEL, bottom=230, body_w=78, look=6, mood="worried")
    b += person(178, 148, 30, SKIN[0], "pony", "ginger", LEAF, bottom=230, body_w=78, mood="sad")
    b += ellipse(165, 162, 4, 6, "#74C0FC", 2.5)
    b += grumble(120, 34, 108, 72)
    return svg(b, "cat")


@icon("cat-saw-upsetting")
def _():
    b = tablet(40, 48, 176, 140, LILAC, "#E7F5FF")
    b += line([(102, 132), (96, 150)], 6, SKY) + line([(124, 132), (118, 150)], 6, SKY) + line([(146, 132), (140, 150)], 6, SKY)
    b += path("M156,122 L146,142 L156,142 L148,164 L170,136 L160,136 L166,122Z", YEL, 4)
    b += cloud(122, 102, 52, "#A5B0C8")
    return svg(b, "cat")


@icon("cat-stranger-talked")
def _():
    b = bubble(32, 40, 192, 142, WHITE, tail="left", r=40)
    b += circle(128, 92, 28, GREY) + path("M84,162 Q84,124 128,124 Q172,124 172,162Z", GREY)
    b += qmark(128, 94, 14, WHITE, 7)
    return svg(b, "cat")


@icon("cat-asked-photo")
def _():
    b = bubble(32, 40, 192, 142, WHITE, tail="left", r=40)
    b += camera(118, 112, 96)
    b += qmark(196, 88, 14, CORAL, 7)
    return svg(b, "cat")


@icon("cat-something-else")
def _():
    b = circle(128, 128, 82, LILAC)
    b += dot(92, 128, 13, WHITE) + dot(128, 128, 13, WHITE) + dot(164, 128, 13, WHITE)
    b += sparkle(204, 58, 16) + sparkle(52, 200, 12, SKY)
    return svg(b, "cat")


# Report: where ---------------------------------------------------------

@icon("where-game")
def _():
    d = ("M70,92 L186,92 C214,92 226,116 232,150 C238,186 218,202 200,186 "
         "L178,164 L78,164 L56,186 C38,202 18,186 24,150 C30,116 42,92 70,92Z")
    b = path(d, LILAC)
    b += rect(62, 118, 36, 12, 5, OUT, 0) + rect(74, 106, 12, 36, 5, OUT, 0)
    b += circle(176, 112, 9, CORAL, 4) + circle(196, 130, 9, YEL, 4) + circle(156, 130, 9, LEAF, 4) + circle(176, 148, 9, SKY, 4)
    return svg(b, "where")


@icon("where-video")
def _():
    b = rect(30, 56, 196, 144, 22, CORAL)
    b += rect(46, 72, 164, 112, 12, "#FFF5F5", 5)
    b += path("M110,100 L110,156 L160,128Z", CORAL, 6)
    b += line([(46, 212), (210, 212)], 8, GREY) + line([(46, 212), (110, 212)], 8, CORAL) + circle(110, 212, 8, WHITE, 5)
    return svg(b, "where")


@icon("where-chat")
def _():
    b = bubble(28, 46, 130, 90, SKY, tail="left", r=30)
    b += dot(62, 91, 8, WHITE) + dot(93, 91, 8, WHITE) + dot(124, 91, 8, WHITE)
    b += bubble(98, 118, 130, 84, LEAF, tail="right", r=30)
    b += heart(163, 160, 18, WHITE, 5)
    return svg(b, "where")


@icon("where-phone-tablet")
def _():
    b = tablet(28, 50, 150, 176 - 50 + 20, SKY)
    b += star(103, 122, 26)
    b += phone(158, 92, 70, 124, "#495057", "#FFE3E3")
    b += heart(193, 154, 16)
    return svg(b, "where")


@icon("where-school-computer")
def _():
    b = monitor(36, 40, 184, 128)
    b += path("M128,66 L160,88 L96,88Z", CORAL, 5) + rect(102, 86, 52, 50, 4, YEL, 5) + rect(120, 110, 16, 26, 3, SKY, 4)
    b += rect(50, 212, 156, 22, 8, "#DEE2E6", 5)
    return svg(b, "where")


@icon("where-somewhere-else")
def _():
    b = ellipse(128, 212, 56, 14, "#B2F2BB", 5)
    b += path("M128,214 C96,172 66,142 66,104 C66,68 94,40 128,40 C162,40 190,68 190,104 C190,142 160,172 128,214Z", CORAL)
    b += circle(128, 104, 26, WHITE)
    return svg(b, "where")


# Report: feelings ------------------------------------------------------

def big_face(color):
    return circle(128, 128, 96, color, 8)


def eyes(dy=0, r=12, dx=34, y=112):
    return dot(128 - dx, y + dy, r) + dot(128 + dx, y + dy, r)


@icon("feel-sad")
def _():
    b = big_face("#74C0FC")
    b += eyes(y=116)
    b += line([(80, 92), (108, 84)], 7) + line([(176, 92), (148, 84)], 7)
    b += stroke_path("M96,178 Q128,150 160,178", OUT, 8)
    b += path("M88,136 Q76,156 80,164 Q88,174 96,164 Q100,156 88,136Z", "#D0EBFF", 4)
    return svg(b, bgcolor="#E7F5FF")


@icon("feel-scared")
def _():
    b = big_face(LILAC)
    b += circle(94, 110, 22, WHITE, 6) + circle(162, 110, 22, WHITE, 6)
    b += dot(94, 112, 9) + dot(162, 112, 9)
    b += stroke_path("M72,78 Q90,60 110,70", OUT, 7) + stroke_path("M184,78 Q166,60 146,70", OUT, 7)
    b += rect(88, 154, 80, 34, 14, WHITE, 6)
    b += stroke_path("M92,171 Q100,162 108,171 Q116,180 124,171 Q132,162 140,171 Q148,180 156,171 Q160,166 164,171", OUT, 5)
    b += path("M196,76 Q188,92 192,98 Q198,104 204,98 Q208,92 196,76Z", "#D0EBFF", 4)
    return svg(b, bgcolor="#F3F0FF")


@icon("feel-worried")
def _():
    b = big_face("#FFA94D")
    b += eyes(y=120, r=11)
    b += line([(72, 98), (110, 82)], 8) + line([(184, 98), (146, 82)], 8)
    b += stroke_path("M92,170 Q110,156 128,170 Q146,184 164,170", OUT, 8)
    return svg(b, bgcolor="#FFF4E6")


@icon("feel-angry")
def _():
    b = big_face("#FA5252")
    b += eyes(y=122, r=11)
    b += line([(72, 88), (112, 106)], 9) + line([(184, 88), (144, 106)], 9)
    b += stroke_path("M94,180 Q128,152 162,180", OUT, 8)
    b += stroke_path("M206,48 l10,-10 M214,62 l14,-4 M194,42 l2,-14", OUT, 6)
    return svg(b, bgcolor="#FFE3E3")


@icon("feel-okay")
def _():
    b = big_face(YEL)
    b += eyes(y=112)
    b += stroke_path("M88,150 Q128,188 168,150", OUT, 8)
    b += '<circle cx="70" cy="146" r="14" fill="#FF8FA3" opacity="0.6"/><circle cx="186" cy="146" r="14" fill="#FF8FA3" opacity="0.6"/>'
    return svg(b, bgcolor="#FFF9DB")


# Report: talk ----------------------------------------------------------

@icon("talk-yes")
def _():
    b = bubble(36, 40, 184, 136, WHITE, tail="left", r=40)
    b += circle(128, 108, 46, LEAF) + tick(128, 108, 54)
    return svg(b, "talk")


@icon("talk-secret")
def _():
    b = person(128, 110, 56, SKIN[1], "long", "dark", LILAC, bottom=236, body_w=130, mood="kind")
    b += blob([R(119, 124, 18, 56, 9), R(104, 160, 48, 46, 18)], SKIN[1])
    b += line([(112, 176), (144, 176)], 4) + line([(112, 190), (144, 190)], 4)
    b += sparkle(208, 56, 14, LILAC) + sparkle(48, 60, 10, LILAC)
    return svg(b, "talk")


@icon("help-now")
def _():
    b = circle(128, 128, 120, "#FF6B35", 0)
    b += '<circle cx="128" cy="128" r="96" fill="none" stroke="#FFF3BF" stroke-width="14"/>'
    b += '<circle cx="128" cy="128" r="96" fill="none" stroke="#FFD43B" stroke-width="6" stroke-dasharray="2 22"/>'
    b += palm(128, 150, 70, SKIN[2], spread=7)
    return svg(b)


@icon("who-reads")
def _():
    b = person(128, 84, 40, SKIN[4], "bun", "grey", SKY, bottom=232, body_w=116, glasses=True, look=0)
    b += rect(76, 134, 104, 86, 8, PAPER)
    b += line([(92, 156), (162, 156)], 6, GREY) + line([(92, 176), (150, 176)], 6, GREY) + line([(92, 196), (140, 196)], 6, GREY)
    b += heart(160, 194, 12)
    b += circle(76, 180, 15, SKIN[4]) + circle(180, 180, 15, SKIN[4])
    return svg(b, "talk")


# Report: more ----------------------------------------------------------

@icon("keyboard")
def _():
    b = rect(24, 74, 208, 116, 18, "#DEE2E6")
    cols = [CORAL, YEL, LEAF, SKY, LILAC, ORANGE]
    for row in range(2):
        for i in range(6):
            b += rect(40 + i * 30 + (8 if row else 0), 90 + row * 30, 22, 22, 5, WHITE if (i + row) % 3 else cols[(i + row * 2) % 6], 4)
    b += rect(72, 150, 112, 22, 8, WHITE, 4)
    return svg(b, "ctl")


@icon("draw")
def _():
    b = rect(36, 40, 166, 170, 10, PAPER)
    b += dot(78, 80, 16, YEL) + stroke_path("M52,80 l-8,0 M78,54 l0,-6 M60,62 l-5,-5 M96,62 l5,-5", YEL, 5)
    b += stroke_path("M56,180 Q76,150 98,172 T140,170 T182,160", SKY, 9)
    b += path("M130,134 L130,100 L154,80 L178,100 L178,134Z", CORAL, 5)
    b += pencil(162, 188, 232, 106, 22, LEAF)
    return svg(b, "ctl")


# Controls and moments --------------------------------------------------

@icon("listen")
def _():
    b = path("M52,104 L84,104 L124,68 L124,188 L84,152 L52,152 Q44,152 44,144 L44,112 Q44,104 52,104Z", SKY, 8)
    b += stroke_path("M148,104 Q162,128 148,152", OUT, 9)
    b += stroke_path("M172,84 Q198,128 172,172", OUT, 9)
    b += stroke_path("M196,64 Q234,128 196,192", OUT, 9)
    return svg(b, "ctl")


@icon("hide")
def _():
    b = person(128, 118, 64, SKIN[3], "short", "dark", ORANGE, bottom=240, body_w=140)
    b += stroke_path("M104,158 Q128,176 152,158", OUT, 6)
    b += palm(94, 108, 46, SKIN[3], angle=-14, spread=2, thumb=False)
    b += palm(162, 108, 46, SKIN[3], angle=14, spread=2, thumb=False)
    return svg(b, "ctl")


@icon("back")
def _():
    return svg(arrow("left", SKY), "ctl")


@icon("next")
def _():
    return svg(arrow("right", LEAF), "ctl")


@icon("send")
def _():
    b = path("M36,124 L220,48 L172,204 L130,160Z", WHITE)
    b += path("M130,160 L220,48 L118,206Z", "#D0EBFF")
    b += path("M36,124 L220,48 L130,160Z", WHITE)
    b += stroke_path("M28,178 q18,-10 36,0 M40,208 q14,-8 28,0", SKY, 6)
    return svg(b, "ctl")


@icon("agree")
def _():
    shapes = [R(74, 112, 96, 96, 22), R(108, 40, 40, 104, 20, t="rotate(12 128 130)")]
    b = blob(shapes, SKIN[2])
    for y in (134, 158, 182):
        b += line([(120, y), (164, y)], 5)
    b += rect(40, 108, 34, 104, 10, SKY)
    b += sparkle(204, 64, 15) + sparkle(56, 56, 10)
    return svg(b, "ctl")


@icon("sign")
def _():
    b = line([(36, 200), (220, 200)], 7, GREY)
    b += stroke_path("M40,176 C56,130 72,130 70,160 C68,186 92,186 100,152 C106,128 118,128 118,156 C118,180 140,176 150,160", SKY, 8)
    b += pencil(150, 160, 222, 52, 26, YEL)
    return svg(b, "ctl")


@icon("thank-you")
def _():
    b = star(128, 136, 96, YEL, 8, inner=0.55)
    b += eyes(y=128, r=8, dx=20)
    b += stroke_path("M108,150 Q128,170 148,150", OUT, 7)
    b += '<circle cx="90" cy="150" r="9" fill="#FF8FA3" opacity="0.6"/><circle cx="166" cy="150" r="9" fill="#FF8FA3" opacity="0.6"/>'
    b += sparkle(40, 48, 18, LILAC) + sparkle(218, 50, 14, SKY) + sparkle(214, 214, 12, CORAL) + sparkle(42, 206, 12, LEAF)
    return svg(b, "home")


@icon("still-here")
def _():
    b = palm(136, 140, 80, SKIN[1], angle=-18, spread=9)
    b += stroke_path("M58,62 Q44,82 50,104", OUT, 7) + stroke_path("M36,50 Q18,82 28,116", OUT, 7)
    b += stroke_path("M206,70 Q224,90 220,116", OUT, 7)
    return svg(b, "ctl")


@icon("school")
def _():
    b = rect(40, 110, 176, 110, 8, YEL)
    b += path("M28,114 L128,54 L228,114Z", CORAL)
    b += circle(128, 96, 18, WHITE, 5) + line([(128, 86), (128, 96), (136, 100)], 4)
    b += rect(108, 158, 40, 62, 8, SKY)
    for x in (58, 168):
        b += rect(x, 132, 32, 30, 5, "#D0EBFF", 5)
        b += rect(x, 176, 32, 30, 5, "#D0EBFF", 5)
    b += line([(20, 222), (236, 222)], 8)
    return svg(b, "home")


@icon("tell-in-person")
def _():
    b = person(70, 140, 32, SKIN[5], "short", "black", LEAF, bottom=228, body_w=82, look=4, mood="talk")
    b += person(186, 140, 32, SKIN[2], "long", "ginger", CORAL, bottom=228, body_w=82, look=-4, mood="smile")
    b += bubble(28, 30, 84, 54, WHITE, tail=(76, 104), r=20)
    b += dot(53, 57, 6) + dot(70, 57, 6) + dot(87, 57, 6)
    b += bubble(144, 30, 84, 54, WHITE, tail=(180, 104), r=20)
    b += heart(186, 56, 14)
    return svg(b, "talk")


@icon("staff")
def _():
    return svg(padlock(128, 140, 104, YEL), "ctl")


@icon("class")
def _():
    b = person(62, 112, 27, SKIN[1], "pony", "blonde", SKY, bottom=206, body_w=68)
    b += person(194, 112, 27, SKIN[5], "puffs", "black", LEAF, bottom=206, body_w=68)
    b += person(128, 134, 30, SKIN[3], "short", "dark", CORAL, bottom=226, body_w=76)
    return svg(b, "home")


@icon("certificate")
def _():
    b = path("M96,150 L70,228 L98,214 L112,238 L128,168Z", CORAL)
    b += path("M160,150 L186,228 L158,214 L144,238 L128,168Z", SKY)
    pts = []
    n = 16
    for i in range(2 * n):
        a = 2 * math.pi * i / (2 * n) - math.pi / 2
        rr = 76 if i % 2 == 0 else 64
        pts.append((128 + rr * math.cos(a), 108 + rr * math.sin(a)))
    b += '<polygon points="%s" %s/>' % (" ".join("%s,%s" % (f(x), f(y)) for x, y in pts), st(YEL))
    b += circle(128, 108, 46, "#FFE066", 6)
    b += star(128, 110, 30, WHITE, 6)
    return svg(b, "home")

# --- class pictures: a class tile a pupil who cannot read yet can find -------------
# Animals and birds common as class names in English and Welsh primary schools, and
# plain colours; core/sok-class-picture.c matches a class's name to them.

BROWN = "#A0522D"
TAN = "#F3D9B1"


def eye(cx, cy, r=7):
    return dot(cx, cy, r) + dot(cx + r * 0.35, cy - r * 0.35, r * 0.35, WHITE)


@icon("class-robin")
def _():
    b = line([(112, 196), (108, 222)], 6) + line([(140, 196), (144, 222)], 6)
    b += path("M70,150 L34,176 L66,178 Z", BROWN)
    b += ellipse(124, 142, 66, 58, BROWN)
    b += path("M88,150 C88,118 112,104 134,110 C156,118 160,150 150,178 "
              "C132,196 98,190 88,150 Z", "#F0643C")
    b += circle(160, 96, 34, BROWN)
    b += path("M190,92 L216,100 L190,108 Z", ORANGE, 5)
    b += eye(170, 88)
    return svg(b, "home")


@icon("class-owl")
def _():
    b = path("M74,84 L84,44 L108,72 Z", BROWN) + path("M182,84 L172,44 L148,72 Z", BROWN)
    b += ellipse(128, 140, 70, 86, BROWN)
    b += ellipse(128, 170, 44, 50, TAN, 5)
    b += circle(100, 106, 26, WHITE) + circle(156, 106, 26, WHITE)
    b += dot(100, 108, 11) + dot(156, 108, 11)
    b += path("M120,126 L136,126 L128,144 Z", ORANGE, 5)
    b += stroke_path("M110,166 q6,6 12,0 M134,166 q6,6 12,0 M122,186 q6,6 12,0", OUT, 5)
    return svg(b, "home")


@icon("class-hedgehog")
def _():
    pts = []
    for i in range(15):
        a = math.pi + math.pi * i / 14
        rr = 92 if i % 2 == 0 else 70
        pts.append((124 + rr * math.cos(a), 176 + rr * math.sin(a) * 0.95))
    b = '<polygon points="%s" %s/>' % (" ".join("%s,%s" % (f(x), f(y)) for x, y in pts),
                                        st("#8B5A2B"))
    b += path("M176,176 C176,140 196,128 222,158 C228,166 220,176 210,178 Z", TAN)
    b += dot(222, 160, 7) + eye(194, 150, 6)
    b += line([(60, 178), (214, 178)], SW)
    b += ellipse(92, 186, 12, 8, TAN, 5) + ellipse(166, 186, 12, 8, TAN, 5)
    return svg(b, "home")


@icon("class-fox")
def _():
    b = path("M62,58 L92,128 L118,96 Z", ORANGE) + path("M194,58 L164,128 L138,96 Z", ORANGE)
    b += path("M56,112 C80,84 176,84 200,112 L128,210 Z", ORANGE)
    b += path("M72,128 L128,206 L104,132 C96,124 82,122 72,128 Z", WHITE, 5)
    b += path("M184,128 L128,206 L152,132 C160,124 174,122 184,128 Z", WHITE, 5)
    b += eye(104, 128) + eye(152, 128)
    b += ellipse(128, 196, 12, 9, OUT, 4)
    return svg(b, "home")


@icon("class-kingfisher")
def _():
    b = path("M62,156 L30,200 L74,184 Z", DARKSCREEN)
    b += ellipse(118, 150, 64, 46, SKY)
    b += path("M84,160 C92,190 140,198 160,170 C150,150 108,146 84,160 Z", ORANGE, 5)
    b += circle(160, 110, 34, SKY)
    b += path("M188,104 L238,116 L188,124 Z", OUT, 4)
    b += path("M140,118 C150,128 170,128 180,120", WHITE, 4)
    b += eye(166, 102)
    b += line([(110, 194), (106, 218)], 6) + line([(134, 194), (138, 218)], 6)
    return svg(b, "home")


@icon("class-badger")
def _():
    b = ellipse(128, 136, 78, 84, "#CED4DA")
    b += path("M84,76 C96,110 104,150 118,200 L100,198 C80,160 70,116 84,76 Z", OUT, 4)
    b += path("M172,76 C160,110 152,150 138,200 L156,198 C176,160 186,116 172,76 Z", OUT, 4)
    b += circle(68, 74, 16, "#CED4DA") + circle(188, 74, 16, "#CED4DA")
    b += dot(100, 140, 6, WHITE) + dot(156, 140, 6, WHITE)
    b += ellipse(128, 204, 16, 11, OUT, 4)
    return svg(b, "home")


@icon("class-otter")
def _():
    b = circle(78, 84, 16, BROWN) + circle(178, 84, 16, BROWN)
    b += ellipse(128, 138, 80, 76, BROWN)
    b += ellipse(128, 170, 48, 36, TAN, 5)
    b += eye(100, 126) + eye(156, 126)
    b += ellipse(128, 156, 14, 10, OUT, 4)
    b += stroke_path("M128,166 L128,178 M112,182 q16,10 32,0", OUT, 5)
    b += stroke_path("M92,164 L56,156 M92,174 L56,178 M164,164 L200,156 M164,174 L200,178",
                     OUT, 4)
    return svg(b, "home")


CLASS_COLOURS = {"red": "#E03131", "blue": "#1C7ED6", "green": "#37B24D",
                 "yellow": "#FCC419", "purple": "#9C36B5", "orange": "#F76707"}


def colour_icon(colour):
    def draw():
        b = circle(128, 128, 92, colour, SW)
        b += star(128, 132, 54, WHITE, 6)
        return svg(b, "home")
    return draw


for _name, _colour in CLASS_COLOURS.items():
    ICONS["class-" + _name] = colour_icon(_colour)



def main():
    here = os.path.dirname(os.path.abspath(__file__))
    names = sys.argv[1:] or sorted(ICONS)
    for name in names:
        with open(os.path.join(here, name + ".svg"), "w") as fh:
            fh.write(ICONS[name]())
    print("wrote %d icons" % len(names))


if __name__ == "__main__":
    main()
