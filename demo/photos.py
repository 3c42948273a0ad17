"""Product and village photos drawn with Pillow, so the demo needs no download."""

import io
import math
import random

from PIL import Image, ImageDraw


def _canvas(seed, top, bottom):
    img = Image.new("RGB", (800, 800), top)
    draw = ImageDraw.Draw(img)
    for y in range(800):
        t = y / 799
        draw.line([(0, y), (800, y)], fill=tuple(int(a + (b - a) * t) for a, b in zip(top, bottom)))
    return img, draw, random.Random(seed)


def chicken(draw, rng):
    draw.ellipse([220, 330, 600, 620], fill=(160, 82, 45))
    draw.ellipse([470, 230, 610, 370], fill=(176, 96, 52))
    draw.polygon([(500, 240), (530, 190), (560, 240)], fill=(210, 30, 30))
    draw.polygon([(605, 300), (665, 315), (605, 330)], fill=(240, 180, 40))
    draw.ellipse([545, 275, 565, 295], fill=(20, 20, 20))
    draw.polygon([(220, 420), (130, 330), (170, 470)], fill=(90, 50, 30))
    for x in (360, 450):
        draw.line([(x, 610), (x, 700)], fill=(240, 180, 40), width=12)


def goose(draw, rng):
    draw.ellipse([180, 400, 600, 640], fill=(250, 250, 245), outline=(200, 200, 200), width=4)
    draw.rectangle([500, 220, 545, 460], fill=(250, 250, 245))
    draw.ellipse([480, 160, 600, 260], fill=(250, 250, 245), outline=(200, 200, 200), width=4)
    draw.polygon([(595, 200), (690, 215), (595, 235)], fill=(245, 140, 20))
    draw.ellipse([550, 190, 568, 208], fill=(20, 20, 20))


def honey(draw, rng):
    draw.rounded_rectangle([250, 260, 550, 660], radius=40, fill=(230, 160, 20), outline=(150, 90, 10), width=6)
    draw.rectangle([270, 200, 530, 270], fill=(120, 70, 30))
    draw.rounded_rectangle([300, 380, 500, 520], radius=10, fill=(255, 240, 200))
    for i in range(6):
        cx, cy = 350 + (i % 3) * 50, 420 + (i // 3) * 50
        draw.regular_polygon((cx, cy, 22), 6, fill=(240, 190, 60))


def vegetables(draw, rng):
    for _ in range(9):
        x, y, r = rng.randint(180, 620), rng.randint(260, 620), rng.randint(50, 90)
        colour = rng.choice([(60, 160, 60), (200, 40, 40), (240, 140, 30), (120, 190, 60)])
        draw.ellipse([x - r, y - r, x + r, y + r], fill=colour)
        draw.line([(x, y - r), (x + 10, y - r - 40)], fill=(40, 120, 40), width=8)


def crab(draw, rng):
    for side in (-1, 1):
        for i in range(4):
            x0 = 400 + side * 150
            draw.line([(x0, 420 + i * 40), (x0 + side * 170, 380 + i * 70)], fill=(200, 80, 30), width=14)
        draw.ellipse([400 + side * 180 - 60, 230, 400 + side * 180 + 60, 330], fill=(220, 90, 30))
    draw.ellipse([220, 340, 580, 580], fill=(230, 100, 40))
    draw.ellipse([350, 330, 380, 360], fill=(20, 20, 20))
    draw.ellipse([420, 330, 450, 360], fill=(20, 20, 20))


def grains(draw, rng):
    draw.polygon([(250, 660), (280, 300), (520, 300), (550, 660)], fill=(200, 170, 110))
    draw.ellipse([270, 260, 530, 340], fill=(180, 140, 60))
    for _ in range(160):
        x, y = rng.randint(290, 510), rng.randint(265, 330)
        colour = rng.choice([(240, 200, 60), (140, 60, 40), (250, 240, 220), (60, 40, 30)])
        draw.ellipse([x, y, x + 10, y + 10], fill=colour)


def berries(draw, rng):
    for _ in range(40):
        x, y = rng.randint(200, 600), rng.randint(250, 650)
        draw.ellipse([x, y, x + 36, y + 36], fill=(250, 150, 20))
    draw.line([(180, 260), (620, 640)], fill=(110, 80, 40), width=10)


def herbs(draw, rng):
    for i in range(12):
        a = math.pi * (0.15 + 0.7 * i / 11)
        draw.line([(400, 680), (400 + 300 * math.cos(a), 680 - 400 * math.sin(a))], fill=(70, 140, 60), width=10)
    draw.ellipse([330, 620, 470, 720], fill=(150, 110, 70))


def village(draw, rng):
    draw.polygon([(0, 520), (250, 330), (480, 500), (800, 300), (800, 800), (0, 800)], fill=(90, 150, 80))
    for x in (150, 420):
        draw.rectangle([x, 470, x + 200, 600], fill=(230, 220, 200))
        draw.polygon([(x - 20, 470), (x + 100, 390), (x + 220, 470)], fill=(170, 60, 40))
    draw.rectangle([560, 560, 760, 640], fill=(40, 140, 70))  # the county bus
    for x in (600, 720):
        draw.ellipse([x - 20, 620, x + 20, 660], fill=(30, 30, 30))


DRAWINGS = {
    "chicken": (chicken, (250, 236, 200), (200, 220, 150)),
    "goose": (goose, (170, 210, 240), (120, 180, 110)),
    "honey": (honey, (255, 245, 215), (240, 210, 150)),
    "vegetables": (vegetables, (240, 250, 230), (170, 130, 90)),
    "crab": (crab, (180, 220, 240), (90, 140, 190)),
    "grains": (grains, (250, 240, 220), (210, 190, 150)),
    "berries": (berries, (250, 245, 230), (220, 200, 170)),
    "herbs": (herbs, (235, 245, 235), (190, 170, 140)),
    "village": (village, (170, 210, 250), (230, 240, 250)),
}


def draw_jpeg(kind, seed=0):
    painter, top, bottom = DRAWINGS[kind]
    img, draw, rng = _canvas(seed, top, bottom)
    painter(draw, rng)
    buffer = io.BytesIO()
    img.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()
