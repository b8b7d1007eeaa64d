"""`wikiforge serve` as a person uses it: a real process on a free port, files edited on
disk, and the server's answers over HTTP (the browser's side is in test_serve_browser.py).

Each test starts `wikiforge serve PATH --port 0`, reads the address it prints, and stops
it with Ctrl-C (SIGINT), which must end it cleanly (exit 0) and leave no temporary files.
"""

from __future__ import annotations

import contextlib
import json
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conftest import write_wiki

REPO = Path(__file__).resolve().parent.parent
WIKI = {
    "wiki/index.md": "# Home\n\nSee [[alpha]] and [[ghost]].\n",
    "wiki/alpha.md": "# Alpha\n\nThe first page. Back [[index|home]].\n",
    "wiki/beta.md": "# Beta\n\nLinks [[alpha]].\n",
}


@dataclass
class Served:
    """A running `wikiforge serve`: its address and the lines it printed so far."""

    process: subprocess.Popen[str]
    url: str
    lines: list[str] = field(default_factory=list)

    def get(self, path: str, headers: dict[str, str] | None = None) -> tuple[int, str]:
        request = urllib.request.Request(self.url + path.lstrip("/"), headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=10) as answer:
                return answer.status, answer.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def findings(self, site_file: str) -> dict[str, object]:
        status, text = self.get(f"/__wikiforge/findings?file={site_file}")
        assert status == 200
        data: dict[str, object] = json.loads(text)
        return data

    def wait_for_rebuilds(self, count: int, timeout: float = 20.0) -> str:
        """The terminal's line of the count-th rebuild after the first build."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            rebuilds = [line for line in self.lines[1:] if " changed" in line]
            if len(rebuilds) >= count:
                return rebuilds[count - 1]
            time.sleep(0.05)
        raise AssertionError(f"no rebuild {count} within {timeout} s: {self.lines}")


def _interruptible() -> None:
    """Let the server hear Ctrl-C (SIGINT) as a person's terminal sends it, however the
    tests were started: a shell running them in the background (`pytest &`, nohup)
    ignores SIGINT, and a child inherits that."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@contextlib.contextmanager
def serving(root: Path, *options: str) -> Iterator[Served]:
    command = [sys.executable, "-m", "wikiforge", "serve", str(root), "--port", "0", "--jobs", "1", *options]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, preexec_fn=_interruptible
    )
    assert process.stdout is not None
    first = process.stdout.readline()
    found = re.search(r"at (http://127\.0\.0\.1:\d+/)", first)
    if found is None:
        process.kill()
        raise AssertionError(f"serve did not start: {first}{process.stdout.read()}")
    served = Served(process, found.group(1), [first])
    reader = threading.Thread(target=lambda: served.lines.extend(iter(process.stdout.readline, "")), daemon=True)
    reader.start()
    try:
        yield served
    finally:
        process.send_signal(signal.SIGINT)
        try:
            code = process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            raise
        reader.join(timeout=5)
    assert code == 0, served.lines
    assert served.lines[-1] == "Stopped.\n", served.lines
    assert not [p for p in root.rglob("*") if ".tmp" in p.name or p.name.startswith((".wf-", ".stage"))]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    return write_wiki(tmp_path / "p", WIKI)


def eventually(check: Callable[[], bool], timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.05)


def test_pages_are_served_with_the_live_script_and_build_output_has_none(project: Path, tmp_path: Path) -> None:
    with serving(project) as served:
        status, home = served.get("/")
        assert status == 200 and "See" in home
        assert '<script src="/__wikiforge/live.js" data-file="index.html" data-version="1"></script></body>' in home
        status, script = served.get("/__wikiforge/live.js")
        assert status == 200 and "EventSource" in script
        on_disk = (project / ".wikiforge_cache/serve/index.html").read_text()
        assert "__wikiforge" not in on_disk
        data = served.findings("index.html")
        assert data["path"] == "wiki/index.md"
        assert [(f["code"], f["line"], f["column"]) for f in data["findings"]] == [("WF101", 3, 19)]  # type: ignore[index, union-attr]
    built = tmp_path / "built"
    subprocess.run([sys.executable, "-m", "wikiforge", "build", str(project), "--out", str(built)], check=True)
    assert not [p for p in built.rglob("*.html") if "__wikiforge" in p.read_text()]


def test_only_files_of_the_site_and_only_to_loopback_names(project: Path) -> None:
    (project / "secret.txt").write_text("not for the web")
    with serving(project) as served:
        port = int(served.url.rsplit(":", 1)[1].strip("/"))
        for raw in ("/../secret.txt", "/%2e%2e/secret.txt", "/..%2fsecret.txt", "/%00", "/a\\..\\..\\secret.txt"):
            with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
                connection.sendall(f"GET {raw} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".encode())
                answer = b"".join(iter(lambda c=connection: c.recv(65536), b""))
            assert answer.startswith(b"HTTP/1.1 404"), (raw, answer[:80])
            assert b"not for the web" not in answer
        assert served.get("/", {"Host": "wiki.attacker.example"})[0] == 403
        assert served.get("/", {"Host": "localhost:1234"})[0] == 200
        status, missing = served.get("/no/such/page/")
        assert status == 404 and "__wikiforge/live.js" in missing


def test_an_edit_is_rebuilt_announced_and_shown(project: Path) -> None:
    with serving(project) as served:
        events: list[dict[str, object]] = []

        def listen() -> None:
            with urllib.request.urlopen(served.url + "__wikiforge/events?since=1", timeout=30) as stream:
                for line in stream:
                    if line.startswith(b"data: "):
                        events.append(json.loads(line[6:]))
                        return

        listener = threading.Thread(target=listen, daemon=True)
        listener.start()
        time.sleep(0.3)
        (project / "wiki/index.md").write_text("# Home\n\nSee [[alpha]] and now [[beta]].\n")
        line = served.wait_for_rebuilds(1)
        said = r"wiki/index\.md changed: \d+ files? rewritten(, \d+ removed)?; 0 findings; [0-9.]+ s"
        assert re.search(said, line), line
        listener.join(timeout=20)
        assert events and events[0]["version"] == 2 and "index.html" in events[0]["changed"]  # type: ignore[operator]
        assert "now" in served.get("/")[1]
        assert served.findings("index.html")["findings"] == []


def test_deleted_and_renamed_pages_leave_their_urls(project: Path) -> None:
    with serving(project) as served:
        assert served.get("/beta/")[0] == 200
        (project / "wiki/beta.md").unlink()
        served.wait_for_rebuilds(1)
        assert served.get("/beta/")[0] == 404
        (project / "wiki/alpha.md").rename(project / "wiki/first.md")
        served.wait_for_rebuilds(2)
        assert served.get("/alpha/")[0] == 404
        assert "The first page" in served.get("/first/")[1]


def test_a_broken_page_or_template_never_stops_the_server(project: Path) -> None:
    theme = REPO / "templates" / "base.html"
    with serving(project) as served:
        (project / "wiki/alpha.md").write_bytes(b"---\ntitle: [unclosed\n---\n# Alpha\n\n\xff\xfe broken bytes\n")
        served.wait_for_rebuilds(1)
        assert served.get("/alpha/")[0] == 200
        assert {f["code"] for f in served.findings("alpha/index.html")["findings"]}  # type: ignore[union-attr]
        (project / "templates").mkdir()
        (project / "templates/base.html").write_text("{% block nope %}")
        line = served.wait_for_rebuilds(2)
        assert "rebuild failed, the last good site is served" in line
        assert served.get("/")[0] == 200
        assert served.findings("index.html")["error"]
        marked = theme.read_text().replace("Built with wikiforge", "Built live with wikiforge")
        (project / "templates/base.html").write_text(marked)
        served.wait_for_rebuilds(3)
        assert "Built live with wikiforge" in served.get("/beta/")[1]
        assert served.findings("index.html")["error"] is None


def test_a_broken_config_is_reported_until_it_is_fixed(project: Path) -> None:
    with serving(project) as served:
        (project / "wikiforge.toml").write_text("ignroe = []\n")
        assert "config wikiforge.toml changed: rebuild failed" in served.wait_for_rebuilds(1)
        (project / "wiki/beta.md").write_text("# Beta\n\nEdited while the config is broken.\n")
        served.wait_for_rebuilds(2)
        assert "ignroe" in str(served.findings("index.html")["error"])
        assert "Edited while" not in served.get("/beta/")[1]
        (project / "wikiforge.toml").unlink()
        served.wait_for_rebuilds(3)
        assert served.findings("index.html")["error"] is None
        assert "Edited while" in served.get("/beta/")[1]


def test_it_serves_on_ipv6_loopback(project: Path) -> None:
    try:
        with socket.socket(socket.AF_INET6) as probe:
            probe.bind(("::1", 0))
    except OSError:
        pytest.skip("this machine has no IPv6 loopback")
    command = [sys.executable, "-m", "wikiforge", "serve", str(project), "--host", "::1", "--port", "0"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, preexec_fn=_interruptible)
    try:
        assert process.stdout is not None
        found = re.search(r"at (http://\[::1\]:\d+/)", process.stdout.readline())
        assert found is not None
        with urllib.request.urlopen(found.group(1), timeout=10) as answer:
            assert answer.status == 200
    finally:
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=20) == 0


def test_a_port_in_use_is_exit_2(project: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        done = subprocess.run(
            [sys.executable, "-m", "wikiforge", "serve", str(project), "--port", port],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert done.returncode == 2
    assert f"cannot serve on 127.0.0.1:{port}" in done.stderr


def test_a_bad_config_at_start_is_exit_2(project: Path) -> None:
    (project / "wikiforge.toml").write_text("ignroe = []\n")
    done = subprocess.run(
        [sys.executable, "-m", "wikiforge", "serve", str(project), "--port", "0"], capture_output=True, text=True
    )
    assert done.returncode == 2
    assert "ignroe" in done.stderr


def test_the_serve_folder_is_kept_out_of_the_watch_and_the_pages(project: Path) -> None:
    with serving(project) as served:
        time.sleep(1.0)
        assert not [line for line in served.lines if " changed" in line], served.lines
    assert (project / ".wikiforge_cache/serve/index.html").is_file()  # kept for a quick restart
