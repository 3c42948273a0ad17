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
