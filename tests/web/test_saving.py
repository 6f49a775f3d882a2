"""Decisions saved one at a time per account file: none lost to a race, the file's mode and line endings kept."""

from __future__ import annotations

import errno
import fcntl
import os
import re
import stat
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import yaml
from starlette.testclient import TestClient

from generator.web import app as app_module
from generator.web.app import create_app
from generator.web.saving import held, lock_path, replace_keeping_mode
from web.test_app import BRIGHTLINE, csrf, settings_for, version, words

SAVES = 8


@pytest.fixture
def client(tmp_path):
    with TestClient(create_app(settings_for(tmp_path), hosts={"testserver"})) as c:
        yield c


def _undecided(client: TestClient) -> list[str]:
    """Use cases the account page offers to decide on that the file has no decision for yet."""
    page = client.get(f"/accounts/{BRIGHTLINE}").text
    offered = re.findall(r'<option value="([a-z0-9-]+)"', page)
    return [u for u in dict.fromkeys(offered) if f"use_case: {u}," not in page and not u.isdigit()]


def test_saves_racing_from_one_page_version_lose_no_decision(tmp_path, monkeypatch):
    """Every save from the same page version either lands (303) or is refused (409); none is answered 303 and lost."""
    arrived: set[int] = set()
    everyone = threading.Condition()

    def arrive() -> None:
        with everyone:
            arrived.add(threading.get_ident())
            everyone.notify_all()

    real_apply = app_module.apply

    @contextmanager
    def counted_held(path) -> Iterator[None]:
        arrive()  # waiting for the file counts as having reached it
        with held(path):
            yield

    def apply_once_all_arrived(text, decision):
        # Hold the window between reading the file and writing it open until every save has reached the file
        # (or its lock), so the saves truly overlap there; the timeout only stops a hang from hanging the suite.
        arrive()
        with everyone:
            assert everyone.wait_for(lambda: len(arrived) >= SAVES, timeout=120), "not every save reached the file"
        return real_apply(text, decision)

    monkeypatch.setattr(app_module, "held", counted_held, raising=False)
    monkeypatch.setattr(app_module, "apply", apply_once_all_arrived)
    path = tmp_path / "accounts" / BRIGHTLINE
    with TestClient(create_app(settings_for(tmp_path), hosts={"testserver"})) as client:
        token, seen, choices = csrf(client), version(client, BRIGHTLINE), _undecided(client)[:SAVES]
        assert len(choices) == SAVES
        start = threading.Barrier(SAVES)
        answers: dict[str, int] = {}

        def save(use_case: str) -> None:
            start.wait()
            answer = client.post(f"/accounts/{BRIGHTLINE}/decisions", follow_redirects=False, data={
                "csrf": token, "version": seen, "use_case": use_case, "kind": "skip", "reason": "Not this year."})
            answers[use_case] = answer.status_code

        threads = [threading.Thread(target=save, args=(u,)) for u in choices]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert "14 accounts" in words(client.get("/"))  # the lock file is not an account
    decided = {a["use_case"] for a in yaml.safe_load(path.read_text("utf-8"))["adjustments"]}
    saved = {u for u, status in answers.items() if status == 303}
    assert sorted(answers.values()) == [303] + [409] * (SAVES - 1)
    assert saved <= decided


def test_a_save_keeps_the_files_mode_and_line_endings(client, tmp_path):
    path = tmp_path / "accounts" / BRIGHTLINE
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    path.chmod(0o600)
    answer = client.post(f"/accounts/{BRIGHTLINE}/decisions", follow_redirects=False, data={
        "csrf": csrf(client), "version": version(client, BRIGHTLINE), "use_case": "eng-runbooks", "kind": "skip",
        "reason": "Not this year."})
    assert answer.status_code == 303
    data = path.read_bytes()
    assert b"use_case: eng-runbooks" in data
    assert data.count(b"\n") == data.count(b"\r\n")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_save_holds_the_file_against_other_processes(tmp_path):
    """Another process takes the same kernel lock; while a save holds it, that process waits."""
    path = tmp_path / "a.yaml"
    path.write_text("name: X\n")
    with held(path):
        other = os.open(lock_path(path), os.O_RDWR)
        try:
            with pytest.raises(BlockingIOError):
                fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)
        finally:
            os.close(other)
    other = os.open(lock_path(path), os.O_RDWR)
    try:
        fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)  # released once the save is done
    finally:
        os.close(other)


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o664])
def test_replacing_keeps_the_mode(tmp_path, mode):
    path = tmp_path / "a.yaml"
    path.write_text("name: X\n")
    path.chmod(mode)
    replace_keeping_mode(path, b"name: Y\n")
    assert path.read_bytes() == b"name: Y\n"
    assert stat.S_IMODE(path.stat().st_mode) == mode
    assert [p.name for p in tmp_path.iterdir()] == ["a.yaml"]


@pytest.mark.parametrize("failure", [OSError(errno.ENOSPC, "No space left on device"),
                                     PermissionError(errno.EACCES, "Permission denied")])
def test_a_save_the_disk_refuses_says_so_and_leaves_the_file(client, tmp_path, monkeypatch, failure):
    def refuse(path, data):
        raise failure
    monkeypatch.setattr(app_module, "replace_keeping_mode", refuse)
    path = tmp_path / "accounts" / BRIGHTLINE
    before = path.read_bytes()
    answer = client.post(f"/accounts/{BRIGHTLINE}/decisions", data={
        "csrf": csrf(client), "version": version(client, BRIGHTLINE), "use_case": "eng-runbooks", "kind": "skip",
        "reason": "Not this year."})
    assert answer.status_code == 409
    assert f"could not be saved: {failure.strerror}" in words(answer)
    assert path.read_bytes() == before
