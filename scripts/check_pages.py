#!/usr/bin/env python3
"""Opens every HTML page under a reports folder in headless Chromium over the DevTools
protocol (--remote-debugging-pipe: no port, no websocket library) and checks what a
stakeholder would hit. Used by scripts/check-pages; standard library only."""

import argparse
import base64
import json
import os
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

WIDTHS = (1280, 400)
MAX_SHOT_HEIGHT = 12000

PROBE = r"""
(() => {
  const de = document.documentElement;
  const figures = [...document.querySelectorAll('.figure svg, img, svg')].filter(e => !e.parentElement.closest('svg')).map(e => {
    const r = e.getBoundingClientRect();
    const broken = e.tagName.toLowerCase() === 'img' && !(e.complete && e.naturalWidth > 0);
    return {name: e.getAttribute('aria-label') || e.getAttribute('src') || e.tagName, width: r.width, height: r.height, broken};
  });
  const wide = [...document.body.querySelectorAll('*')].filter(e => {
    if (e.closest('.table-scroll, pre') && !e.matches('.table-scroll, pre')) return false;
    const r = e.getBoundingClientRect();
    return r.width > 0 && r.right > de.clientWidth + 1;
  }).slice(0, 5).map(e => e.tagName.toLowerCase() + (e.className && typeof e.className === 'string' ? '.' + e.className : ''));
  const text = document.body.innerText;
  const marker = text.match(/\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]/i);
  return JSON.stringify({
    title: document.title,
    scrollWidth: de.scrollWidth, clientWidth: de.clientWidth, height: de.scrollHeight,
    wide, figures,
    links: [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href')),
    ids: [...document.querySelectorAll('[id]')].map(e => e.id),
    marker: marker ? marker[0] : null,
    alerts: document.querySelectorAll('.alert').length,
    unselectable: [...document.querySelectorAll('svg text')].filter(t => getComputedStyle(t).userSelect === 'none').length,
    tables: document.querySelectorAll('.table-scroll').length,
  });
})()
"""


class Browser:
    """Chromium over --remote-debugging-pipe: messages are JSON, each ended by a NUL byte."""

    def __init__(self, executable):
        self.profile = tempfile.mkdtemp(prefix="check-pages-")
        to_child_r, self.to_child = os.pipe()
        self.from_child, from_child_w = os.pipe()

        def arrange_fds():
            os.dup2(to_child_r, 3)
            os.dup2(from_child_w, 4)

        args = [executable, "--headless=new", "--remote-debugging-pipe", "--disable-gpu", "--no-first-run",
                "--no-default-browser-check", "--disable-extensions", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-default-apps", "--mute-audio",
                "--hide-scrollbars", "--force-color-profile=srgb", f"--user-data-dir={self.profile}", "about:blank"]
        if os.geteuid() == 0:
            args.insert(1, "--no-sandbox")
        self.process = subprocess.Popen(args, pass_fds=(3, 4), preexec_fn=arrange_fds,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_child_r)
        os.close(from_child_w)
        self.next_id = 0
        self.replies = {}
        self.events = queue.Queue()
        self.lock = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        buffer = b""
        while True:
            chunk = os.read(self.from_child, 1 << 16)
            if not chunk:
                with self.lock:
                    self.replies[None] = "closed"
                    self.lock.notify_all()
                return
            buffer += chunk
            while b"\0" in buffer:
                raw, buffer = buffer.split(b"\0", 1)
                message = json.loads(raw)
                if "id" in message:
                    with self.lock:
                        self.replies[message["id"]] = message
                        self.lock.notify_all()
                else:
                    self.events.put(message)

    def send(self, method, params=None, session=None, timeout=60):
        self.next_id += 1
        ident = self.next_id
        message = {"id": ident, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self.to_child, json.dumps(message).encode() + b"\0")
        deadline = time.time() + timeout
        with self.lock:
            while ident not in self.replies:
                if None in self.replies:
                    raise RuntimeError("chromium closed the pipe")
                left = deadline - time.time()
                if left <= 0:
                    raise TimeoutError(f"{method}: no reply in {timeout}s")
                self.lock.wait(left)
            reply = self.replies.pop(ident)
        if "error" in reply:
            raise RuntimeError(f"{method}: {reply['error']}")
        return reply.get("result", {})

    def drain(self):
        events = []
        while True:
            try:
                events.append(self.events.get_nowait())
            except queue.Empty:
                return events

    def wait_for(self, method, session, timeout=60):
        """Events up to and including the first `method` of `session`."""
        seen = []
        deadline = time.time() + timeout
        while True:
            left = deadline - time.time()
            if left <= 0:
                raise TimeoutError(f"no {method} in {timeout}s")
            try:
                event = self.events.get(timeout=left)
            except queue.Empty:
                continue
            seen.append(event)
            if event.get("method") == method and event.get("sessionId") == session:
                return seen

    def close(self):
        try:
            self.send("Browser.close", timeout=10)
        except Exception:
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        shutil.rmtree(self.profile, ignore_errors=True)


def problems_in_events(events, page_url):
    problems = []
    for event in events:
        method, params = event.get("method"), event.get("params", {})
        if method == "Network.requestWillBeSent":
            url = params.get("request", {}).get("url", "")
            if url.split("#")[0] != page_url:
                problems.append(f"request: {url[:120]}")
        elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            text = " ".join(str(a.get("value", a.get("description", ""))) for a in params.get("args", []))
            problems.append(f"console error: {text[:200]}")
        elif method == "Runtime.exceptionThrown":
            problems.append(f"exception: {params.get('exceptionDetails', {}).get('text', '')[:200]}")
        elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
            problems.append(f"console error: {params['entry'].get('text', '')[:200]}")
    return problems


def link_problems(page, links, ids, known_ids):
    problems = []
    for href in links:
        parsed = urllib.parse.urlsplit(href)
        if parsed.scheme in ("http", "https", "mailto"):
            continue
        if parsed.scheme or parsed.netloc:
            problems.append(f"link with an unexpected scheme: {href}")
            continue
        if not parsed.path:
            if parsed.fragment and urllib.parse.unquote(parsed.fragment) not in ids:
                problems.append(f"anchor #{parsed.fragment} is on no element of the page")
            continue
        target = (page.parent / urllib.parse.unquote(parsed.path)).resolve()
        if not target.exists():
            problems.append(f"broken link: {href}")
            continue
        if target.suffix == ".md":
            problems.append(f"link to Markdown from a page: {href}")
        if parsed.fragment and target.suffix == ".html":
            anchors = known_ids.setdefault(target, None)
            if anchors is None:
                text = target.read_text(encoding="utf-8", errors="replace")
                anchors = set(part.split('"', 1)[0] for part in text.split(' id="')[1:])
                known_ids[target] = anchors
            if urllib.parse.unquote(parsed.fragment) not in anchors:
                problems.append(f"anchor of {href} is on no element of {target.name}")
    return problems


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--browser", required=True)
    parser.add_argument("--reports", default="reports")
    parser.add_argument("--out", default=".build/check-pages")
    args = parser.parse_args()

    pages = sorted(Path(args.reports).resolve().rglob("*.html"))
    if not pages:
        print(f"check-pages: no .html pages under {args.reports}: render with --html first", file=sys.stderr)
        return 1
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.png"):
        old.unlink()

    browser = Browser(args.browser)
    failures = 0
    known_ids = {}
    try:
        target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            browser.send(f"{domain}.enable", session=session)
        root = Path(args.reports).resolve()
        for page in pages:
            name = str(page.relative_to(root)).replace("/", "__")[:-len(".html")]
            url = page.as_uri()
            size = page.stat().st_size
            page_problems = []
            summary = ""
            schemes = ["light", "dark"] if page.name in ("index.html", "executive_summary.html") else ["light"]
            for width in WIDTHS:
                for scheme in schemes:
                    browser.send("Emulation.setDeviceMetricsOverride",
                                 {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 600}, session)
                    browser.send("Emulation.setEmulatedMedia",
                                 {"features": [{"name": "prefers-color-scheme", "value": scheme}]}, session)
                    browser.drain()
                    browser.send("Page.navigate", {"url": url}, session)
                    events = browser.wait_for("Page.loadEventFired", session)
                    time.sleep(0.2)
                    events += browser.drain()
                    problems = problems_in_events(events, url)
                    probe = json.loads(browser.send("Runtime.evaluate", {"expression": PROBE, "returnByValue": True},
                                                    session)["result"]["value"])
                    if probe["scrollWidth"] > probe["clientWidth"] + 1:
                        problems.append(f"page overflows sideways: {probe['scrollWidth']} px in {probe['clientWidth']} "
                                        f"(widest: {', '.join(probe['wide'])})")
                    for figure in probe["figures"]:
                        if figure["broken"]:
                            problems.append(f"broken image: {figure['name']}")
                        elif figure["width"] < 1 or figure["height"] < 1:
                            problems.append(f"zero-size figure: {figure['name']}")
                    if probe["unselectable"]:
                        problems.append(f"{probe['unselectable']} chart texts cannot be selected")
                    if probe["marker"]:
                        problems.append(f"literal alert marker {probe['marker']} in the text")
                    if width == WIDTHS[0] and scheme == "light":
                        problems += link_problems(page, probe["links"], set(probe["ids"]), known_ids)
                        summary = (f"{size / 1024:.0f} KB, {len(probe['figures'])} figures, {len(probe['links'])} links, "
                                   f"{probe['alerts']} alerts, {probe['tables']} tables")
                    page_problems += [f"{width}px {scheme}: {p}" for p in problems]
                    height = min(max(probe["height"], 1), MAX_SHOT_HEIGHT)
                    shot = browser.send("Page.captureScreenshot",
                                        {"format": "png", "captureBeyondViewport": True,
                                         "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}}, session)
                    suffix = "" if scheme == "light" else "-dark"
                    (out / f"{name}-{width}{suffix}.png").write_bytes(base64.b64decode(shot["data"]))
            status = "ok  " if not page_problems else "FAIL"
            print(f"{status} {page.relative_to(root)}: {summary}")
            for problem in page_problems:
                print(f"       {problem}")
            failures += bool(page_problems)
    finally:
        browser.close()
    print(f"check-pages: {len(pages)} page(s), {failures} with problems; screenshots in {out}/")
    return 1 if failures else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (TimeoutError, RuntimeError, OSError) as error:
        print(f"check-pages: the browser failed: {error}", file=sys.stderr)
        sys.exit(2)
