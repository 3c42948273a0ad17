"""Settings of the Linkou county rural sales platform, by topic.

Everything that differs between a laptop and production comes from the environment (README,
"Configuration"). Each topic module reads what it needs from `base`; none imports an app of the
project (the dashboard's menu names its access rules by dotted path).
"""

from config.settings.base import *  # noqa: F403
from config.settings.content import *  # noqa: F403
from config.settings.logging import *  # noqa: F403
from config.settings.oscar import *  # noqa: F403
from config.settings.platform import *  # noqa: F403
from config.settings.security import *  # noqa: F403
from config.settings.storage import *  # noqa: F403
from config.settings.tasks import *  # noqa: F403
