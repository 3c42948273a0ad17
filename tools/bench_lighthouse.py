"""`make bench-lighthouse`: what a buyer's phone downloads on a first visit, measured by Lighthouse.

A first visit (empty cache, no cookie) to the home page, the catalogue, a product and the basket,
on the production server (`make serve`: gunicorn, WhiteNoise's compressed files, DEBUG off), in
Lighthouse's mobile emulation (its simulated slow 4G and 4x slower CPU) with Debian's Chromium.
Each page is measured --runs times and the median run kept. The targets (issue 23):

- at most 150 KiB transferred;
- performance at least 98, with the largest contentful paint within 1.5 s;
- accessibility, SEO and best practices 100;
- nothing loaded from another host (buyers are in mainland China).

A server already answering at --base-url is measured as it is; otherwise this starts
`tools/serve.py` on it (PostgreSQL and Redis, the demo county loaded into an empty database) and
stops it afterwards. Each run's report is kept in var/lighthouse/. Lighthouse comes from the npm
registry (package.json; `npm ci`).

    .venv/bin/python tools/bench_lighthouse.py [--base-url http://127.0.0.1:8000] [--runs 3]

Exit status 1 when a target is not met; the table is the one the README keeps.
"""

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urljoin, urlparse

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
MAX_KIB = 150
MIN_PERFORMANCE = 98
MAX_LCP_MS = 1500
REPORTS = ROOT / "var" / "lighthouse"  # each run's whole report, for Lighthouse's viewer


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status == 200
    except OSError:
        return False


def start_server(base_url: str) -> subprocess.Popen:
    bind = urlparse(base_url).netloc
    env = {**os.environ, "BIND": bind, "SITE_DOMAIN": bind}
    print(f"starting tools/serve.py on {bind} (log: var/bench-lighthouse-serve.log)", flush=True)
    (ROOT / "var").mkdir(exist_ok=True)
    log = open(ROOT / "var" / "bench-lighthouse-serve.log", "w")  # noqa: SIM115 (kept open while it runs)
    server = subprocess.Popen([sys.executable, "tools/serve.py"], cwd=ROOT, env=env, stdout=log,
                              stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + 1800  # an empty database first gets the demo county's year of history
    while not answers(base_url):
        if server.poll() is not None or time.monotonic() > deadline:
            stop_server(server)
            sys.exit("bench-lighthouse: the server did not start (var/bench-lighthouse-serve.log)")
        time.sleep(2)
    return server


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)


def product_url(base_url: str) -> str:
    """The first product the catalogue lists, as a buyer would tap it."""
    with urllib.request.urlopen(urljoin(base_url, "/catalogue/"), timeout=10) as response:
        page = response.read().decode()
    found = re.search(r'href="(/catalogue/[^"/]+_\d+/)"', page)
    if not found:
        sys.exit("bench-lighthouse: the catalogue lists no product")
    return urljoin(base_url, found.group(1))


def lighthouse(url: str, profile: Path) -> dict:
    out = subprocess.run(
        [str(LIGHTHOUSE), url, "--output=json", "--output-path=stdout", "--quiet",
         f"--only-categories={','.join(CATEGORIES)}", "--form-factor=mobile",
         f"--chrome-flags=--headless=new --no-sandbox --disable-gpu --user-data-dir={profile}"],
        env={**os.environ, "CHROME_PATH": CHROMIUM}, capture_output=True, text=True, timeout=300)
    if out.returncode:
        sys.exit(f"bench-lighthouse: Lighthouse failed on {url}:\n{out.stderr[-2000:]}")
    return json.loads(out.stdout)


def summary(report: dict, host: str) -> dict:
    audits = report["audits"]
    requests = audits["network-requests"]["details"]["items"]
    failing = sorted(f"{name}: {audit_id}" for name, category in report["categories"].items()
                     if name != "performance"
                     for ref in category["auditRefs"] if ref["weight"]
                     for audit_id in [ref["id"]] if (audits[audit_id].get("score") is not None
                                                     and audits[audit_id]["score"] < 1))
    heaviest = sorted(((r.get("transferSize") or 0, r["url"]) for r in requests), reverse=True)[:5]
    return {
        "scores": {name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES},
        "kib": audits["total-byte-weight"]["numericValue"] / 1024,
        "lcp_ms": audits["largest-contentful-paint"]["numericValue"],
        "requests": len(requests),
        "foreign": sorted({r["url"] for r in requests
                           if urlparse(r["url"]).scheme in ("http", "https") and urlparse(r["url"]).netloc != host}),
        "failing": failing,
        "heaviest": [(round(size / 1024, 1), urlparse(url).path) for size, url in heaviest],
    }


def median_run(runs: list[dict]) -> dict:
    """The run of median performance: its own weight, paint and scores, not a mix of runs."""
    ordered = sorted(runs, key=lambda r: (r["scores"]["performance"], -r["lcp_ms"]))
    return ordered[len(ordered) // 2]


def verdict(result: dict) -> list[str]:
    misses = []
    if result["kib"] > MAX_KIB:
        misses.append(f"{result['kib']:.0f} KiB > {MAX_KIB}")
    if result["scores"]["performance"] < MIN_PERFORMANCE:
        misses.append(f"performance {result['scores']['performance']} < {MIN_PERFORMANCE}")
    if result["lcp_ms"] > MAX_LCP_MS:
        misses.append(f"LCP {result['lcp_ms']:.0f} ms > {MAX_LCP_MS}")
    misses += [f"{name} {result['scores'][name]} < 100" for name in CATEGORIES[1:] if result["scores"][name] < 100]
    if result["foreign"]:
        misses.append(f"other hosts: {', '.join(result['foreign'])}")
    return misses


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", default=os.environ.get("BASE_URL", "http://127.0.0.1:8000"))
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        sys.exit("bench-lighthouse: Lighthouse is missing: npm ci (package.json)")
    if not Path(CHROMIUM).exists():
        sys.exit(f"bench-lighthouse: no Chromium at {CHROMIUM} (make browser-deps)")
    base_url = args.base_url.rstrip("/") + "/"
    server = None if answers(base_url) else start_server(base_url)
    try:
        pages = {"home": base_url, "catalogue": urljoin(base_url, "/catalogue/"),
                 "product": product_url(base_url), "basket": urljoin(base_url, "/basket/")}
        results = {}
        for name, url in pages.items():
            runs = []
            for n in range(args.runs):
                with tempfile.TemporaryDirectory(prefix="lighthouse-") as profile:  # a first visit: empty cache
                    report = lighthouse(url, Path(profile))
                REPORTS.mkdir(parents=True, exist_ok=True)
                (REPORTS / f"{name}-{n + 1}.json").write_text(json.dumps(report))
                runs.append(summary(report, urlparse(base_url).netloc))
            results[name] = median_run(runs)
            print(f"{name}: {results[name]['kib']:.0f} KiB, performance {results[name]['scores']['performance']}, "
                  f"LCP {results[name]['lcp_ms']:.0f} ms", flush=True)
    finally:
        if server:
            stop_server(server)

    print(f"\nLighthouse {lighthouse_version()}, mobile, median of {args.runs} first visits, on {base_url}\n")
    print("| page | transferred | requests | performance | LCP | accessibility | best practices | SEO | |")
    print("|---|---|---|---|---|---|---|---|---|")
    all_met = True
    for name, r in results.items():
        misses = verdict(r)
        all_met &= not misses
        s = r["scores"]
        print(f"| {name} | {r['kib']:.0f} KiB | {r['requests']} | {s['performance']} | {r['lcp_ms'] / 1000:.1f} s "
              f"| {s['accessibility']} | {s['best-practices']} | {s['seo']} | {'met' if not misses else 'NOT MET'} |")
    print(f"\ntargets: ≤{MAX_KIB} KiB, performance ≥{MIN_PERFORMANCE}, LCP ≤{MAX_LCP_MS / 1000} s, "
          "accessibility, best practices and SEO 100, no other host")
    for name, r in results.items():
        for miss in verdict(r):
            print(f"  {name}: {miss}")
        for failing in r["failing"]:
            print(f"  {name}: failing audit {failing}")
        print(f"  {name}: heaviest " + ", ".join(f"{path} {kib} KiB" for kib, path in r["heaviest"]))
    print("ALL TARGETS MET" if all_met else "SOME TARGETS NOT MET")
    sys.exit(0 if all_met else 1)


def lighthouse_version() -> str:
    return subprocess.run([str(LIGHTHOUSE), "--version"], capture_output=True, text=True).stdout.strip()


if __name__ == "__main__":
    if shutil.which("node") is None:
        sys.exit("bench-lighthouse: Node.js is missing")
    main()
