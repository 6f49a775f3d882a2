"""``playbook serve`` from the command line: where it listens, and a clear refusal when it cannot."""

from __future__ import annotations

import socket

import pytest

from generator.cli import main
from generator.web.serve import is_loopback


@pytest.mark.parametrize(("host", "loopback"), [
    ("127.0.0.1", True), ("localhost", True), ("::1", True), ("127.0.0.2", True),
    ("0.0.0.0", False), ("192.168.1.10", False), ("::", False), ("example.com", False),
])
def test_loopback_hosts(host, loopback):
    assert is_loopback(host) is loopback


def test_a_port_in_use_is_a_located_error(capsys):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["serve", "accounts", "--port", str(port)]) == 2
    err = capsys.readouterr().err
    assert f"127.0.0.1:{port}: cannot listen here: Address already in use; choose another --port" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("argv", [["--port", "70000"], ["--port", "-1"], ["--upload-limit", "inf"],
                                  ["--as-of", "2026-02-30"]])
def test_bad_options_are_usage_errors(argv, capsys):
    with pytest.raises(SystemExit) as stop:
        main(["serve", *argv])
    assert stop.value.code == 2
    assert "expected" in capsys.readouterr().err
