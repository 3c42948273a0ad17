"""gunicorn's settings for the app servers (`make serve`; in production one such process per
machine behind the load balancer). Every value can be overridden from the environment."""

import multiprocessing
import os

wsgi_app = "config.wsgi:application"
bind = os.environ.get("BIND", "127.0.0.1:8000")
# Sync workers: the pages are quick and the database does the waiting; two per CPU and one more.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))  # a request longer than this is killed and logged
graceful_timeout = 30
keepalive = 5  # behind a load balancer that keeps connections open
# A worker is replaced after so many requests (memory held by one odd request goes back).
max_requests = 2000
max_requests_jitter = 200
# One JSON line a request on standard output, as the app's own logs (no query string: it can carry
# a guest's mobile number on the order lookup).
accesslog = "-"
access_log_format = ('{"event": "http.request", "method": "%(m)s", "path": "%(U)s", "status": %(s)s, '
                     '"bytes": "%(B)s", "ms": %(M)s, "remote": "%(h)s", "agent": "%(a)s"}')
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
control_socket_disable = True  # gunicorn 27 would open a control socket in ~/.gunicorn/
proc_name = "linkou-web"
