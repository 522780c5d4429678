"""Killing a posting process with SIGKILL somewhere inside a posting (the kill tests)."""

from __future__ import annotations

import subprocess
import sys
import time

from .test_posting_concurrency import ROOT, child_env


def posting_script(post: str, printed: str) -> str:
    """A child script posting each number given: ``post`` the call (``no`` is the number,
    ``desk`` the desk), ``printed`` what it prints of ``result``."""
    return (
        "import sys, time\n"
        "from salesdesk.model import Desk, DocKind, DocRef, PurchaseKind, PurchaseRef\n"
        "path, nos = sys.argv[1], sys.argv[2].split(',')\n"
        "desk = Desk.open(path)\n"
        "for no in nos:\n"
        f"    result = {post}\n"
        f"    print(no, {printed}, flush=True)\n"
        "    time.sleep(0.001)\n"
        "desk.close()\n")


def kill_after(db, script: str, nos: list[str], rng, low: int, high: int) -> None:
    """Run ``script`` (argv: the database, the numbers comma-separated; one line printed per
    posting) and kill it after ``low``..``high`` postings, a little way into the next one."""
    child = subprocess.Popen([sys.executable, "-c", script, str(db), ",".join(nos)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=child_env(), cwd=ROOT)
    posted_now, wanted = 0, rng.randint(low, high)
    deadline = time.monotonic() + 30
    while posted_now < wanted and time.monotonic() < deadline:
        if not child.stdout.readline():
            break
        posted_now += 1
    time.sleep(rng.uniform(0, 0.015))  # land somewhere inside the next posting
    child.kill()
    child.communicate(timeout=30)
    assert posted_now == wanted
