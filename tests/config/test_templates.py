"""Template comments stay comments: Django's {# #} ends at the line's end, so a comment spread
over lines is printed on the page for every buyer to read."""

import re
from pathlib import Path

from django.conf import settings


def test_no_template_has_a_comment_over_several_lines():
    spread = []
    for template in Path(settings.BASE_DIR, "templates").rglob("*.html"):
        for line_no, line in enumerate(template.read_text().splitlines(), start=1):
            if re.search(r"\{#(?!.*#\})", line):
                spread.append(f"{template.relative_to(settings.BASE_DIR)}:{line_no}")
    assert spread == []


def test_the_app_server_compiles_the_landing_pages_at_start():
    # config.wsgi compiles these when a server starts: a name that does not exist would stop it.
    from django.template.loader import get_template

    from config import wsgi

    assert all(get_template(name) for name in wsgi.LANDING_TEMPLATES)
