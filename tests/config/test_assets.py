"""A phone's first visit downloads Oscar's stylesheet and icon fonts cut to what the shop uses
(tools/build_assets.py, `make assets`): the cut files are up to date with the templates, every
icon a template shows has its glyph, and the pages link the cut files, not Oscar's whole ones."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parents[2]
VENDOR = ROOT / "static" / "shop" / "vendor"


def icon_classes_in_templates() -> set[str]:
    found = set()
    for template in (ROOT / "templates").rglob("*.html"):
        if "dashboard" in template.parts:  # the dashboard has Oscar's own stylesheet
            continue
        for classes in re.findall(r'class="([^"]*\bfa[rs]\b[^"]*)"', template.read_text()):
            found |= {name for name in classes.split() if name.startswith("fa-")}
    return found


def test_the_cut_stylesheet_and_fonts_are_up_to_date_with_the_templates():
    result = subprocess.run([sys.executable, "tools/build_assets.py", "--check"], cwd=ROOT,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_icon_a_template_shows_has_its_rule_and_its_glyph():
    css = (VENDOR / "styles.css").read_text()
    glyphs = set(TTFont(VENDOR / "fa-solid-900.woff2").getBestCmap()) | set(
        TTFont(VENDOR / "fa-regular-400.woff2").getBestCmap())
    icons = icon_classes_in_templates()
    assert {"fa-shopping-cart", "fa-search", "fa-map-marker-alt"} <= icons
    for icon in icons:
        rule = re.search(r"\." + re.escape(icon) + r'\s*\{\s*--fa:\s*"\\([0-9a-f]+|.)"', css)
        assert rule, f"{icon}: no rule in static/shop/vendor/styles.css (make assets)"
        code = rule.group(1)
        glyph = int(code, 16) if len(code) > 1 else ord(code)  # "\\f07a", or "\\!" for "!"
        assert glyph in glyphs, f"{icon}: no glyph in the cut fonts (make assets)"


def test_the_cut_files_are_a_fraction_of_oscars():
    oscar_css = Path(finders.find("oscar/css/styles.css"))
    assert (VENDOR / "styles.css").stat().st_size < oscar_css.stat().st_size / 3
    solid = Path(finders.find("oscar/webfonts/fa-solid-900.woff2"))
    assert (VENDOR / "fa-solid-900.woff2").stat().st_size < solid.stat().st_size / 10
    # The licences travel with the code (Bootstrap and Font Awesome: MIT, SIL OFL).
    css = (VENDOR / "styles.css").read_text()
    assert "Bootstrap v4" in css and "Font Awesome Free" in css and "License" in css


@pytest.mark.django_db
def test_pages_link_the_cut_stylesheet_and_defer_their_scripts(client, county):
    page = client.get("/catalogue/").content.decode()
    assert "shop/vendor/styles" in page and "oscar/css/styles" not in page
    scripts = re.findall(r"<script src=\"[^\"]+\"[^>]*>", page)
    assert scripts and all(" defer" in tag for tag in scripts)  # the page paints before any script runs
