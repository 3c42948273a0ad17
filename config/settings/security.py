"""HTTPS, cookies, the Content-Security-Policy and login throttling."""

import datetime
import os

from csp.constants import NONCE, NONE, SELF

from config.settings.base import env_flag

# Behind an HTTPS proxy in production (HTTPS=1): secure cookies, redirects and HSTS for a year
# (subdomains and the browsers' preload list included unless told otherwise).
if env_flag("HTTPS"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_flag("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_flag("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_HTTPONLY = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# --- Logins (django-axes) ---------------------------------------------------------------
# After 5 failed logins for one account from one address, that account is locked for that
# address for 15 minutes, on all three logins (/accounts/login/, /admin/login/,
# /cms-admin/login/); other addresses and other accounts are not affected.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "config.auth.login_name"  # "Buyer@X.cn " and "buyer@x.cn" are one account
AXES_LOCKOUT_CALLABLE = "config.auth.locked_out"  # a translated page, status 429
AXES_CLIENT_IP_CALLABLE = "core.http.client_address"
# Behind a reverse proxy (HTTPS=1), how many proxies append to X-Forwarded-For; 0 uses REMOTE_ADDR.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

# --- Content-Security-Policy (django-csp) --------------------------------------------
# Scripts only from the site, or inline with the response's nonce ({{ request.csp_nonce }}); no
# inline handlers (static/shop/behaviours.js); styles may be inline (Oscar's and Wagtail's widgets
# set them). The Django and Wagtail admins, staff-only and full of inline scripts of their own,
# are left out. The pay page adds Stripe's hosts (shop.payments.views).
_MEDIA_HOSTS = [f"https://{os.environ['S3_PUBLIC_DOMAIN']}"] if os.environ.get("S3_PUBLIC_DOMAIN") else (
    [os.environ["S3_ENDPOINT_URL"]] if os.environ.get("S3_ENDPOINT_URL") else [])
# The only workers the site starts: the village station's offline queue.
SERVICE_WORKER_PATHS = ["/station/sw.js"]
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/", "/cms-admin/"],
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],  # 'self' becomes STATIC_URL (config.middleware.StaticScriptsOnlyMiddleware)
        "worker-src": [SELF],  # 'self' becomes the service workers' own paths (SERVICE_WORKER_PATHS)
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:", "blob:", *_MEDIA_HOSTS],  # blob: the station's photo, shrunk on the phone
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "frame-src": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}
