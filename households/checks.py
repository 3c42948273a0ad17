from pathlib import Path
from typing import Any

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security)
def private_files_are_not_served(app_configs: Any, **kwargs: Any) -> list[Any]:
    """Visit photos must not sit where the media URL serves them."""
    private = getattr(settings, "PRIVATE_MEDIA_ROOT", None)
    if not private:
        return [checks.Error("PRIVATE_MEDIA_ROOT is not set.", id="households.E001")]
    private, media = Path(private).resolve(), Path(settings.MEDIA_ROOT).resolve()
    if private == media or media in private.parents:
        return [checks.Error(f"PRIVATE_MEDIA_ROOT ({private}) lies inside MEDIA_ROOT ({media}), which is served "
                             "publicly.", hint="Point PRIVATE_MEDIA_ROOT outside MEDIA_ROOT.", id="households.E002")]
    return []
