import argparse
import io

import pytest

from tests.conftest import audit_actions
from tracker.access import accounts, audit, cli_users

PASSWORD = "correct horse 1"


@pytest.fixture
def run(store, monkeypatch):
    def run(*argv: str, stdin: str = "") -> int:
        parser = argparse.ArgumentParser()
        sub = parser.add_subparsers()
        cli_users.add_parser(sub)
        args = parser.parse_args(["users", *argv])
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        return args.func(args, store)

    return run


def test_first_admin_is_created_from_stdin(run, store, capsys):
    assert (
        run(
            "add",
            "admin",
            "--role",
            "admin",
            "--name",
            "局办公室",
            "--password-stdin",
            stdin=PASSWORD + "\n",
        )
        == 0
    )
    assert "已新增账户 admin" in capsys.readouterr().out
    user = accounts.authenticate(store, "admin", PASSWORD)
    assert user.can_admin() and user.display_name == "局办公室"
    assert audit.recent(store)["actor"].tolist() == ["admin", "cli"]


def test_password_is_prompted_twice_without_stdin(run, store, monkeypatch, capsys):
    answers = iter([PASSWORD, "something else"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    assert run("add", "admin", "--role", "admin") == 1
    assert "不一致" in capsys.readouterr().err
    assert accounts.get_user(store, "admin") is None

    answers = iter([PASSWORD, PASSWORD])
    assert run("add", "admin", "--role", "admin") == 0
    assert accounts.authenticate(store, "admin", PASSWORD)


def test_staff_with_units_and_list(run, capsys):
    assert (
        run(
            "add",
            "staff",
            "--role",
            "staff",
            "--unit",
            "建设管理科",
            "--unit",
            "住房保障科",
            "--password-stdin",
            stdin=PASSWORD,
        )
        == 0
    )
    capsys.readouterr()
    assert run("list") == 0
    out = capsys.readouterr().out
    assert "建设管理科、住房保障科" in out and "填报人员" in out and "从未" in out
    assert "argon2" not in out


def test_list_without_accounts_says_how_to_start(run, capsys):
    assert run("list") == 0
    assert "--role admin" in capsys.readouterr().out


@pytest.mark.parametrize(
    "argv, stdin, message",
    [
        (["add", "staff", "--role", "staff", "--password-stdin"], PASSWORD, "牵头单位"),
        (["add", "x", "--role", "viewer", "--password-stdin"], PASSWORD, "用户名"),
        (["add", "leader", "--role", "viewer", "--password-stdin"], "short", "8 个字符"),
        (["disable", "ghost"], "", "不存在"),
        (["reset", "ghost", "--password-stdin"], PASSWORD, "不存在"),
    ],
)
def test_refusals_exit_1_with_the_reason_on_stderr(run, capsys, argv, stdin, message):
    assert run(*argv, stdin=stdin) == 1
    assert message in capsys.readouterr().err


def test_last_admin_is_protected(run, store, capsys):
    run("add", "admin", "--role", "admin", "--password-stdin", stdin=PASSWORD)
    assert run("disable", "admin") == 1
    assert run("role", "admin", "viewer") == 1
    assert capsys.readouterr().err.count("最后一个") == 2
    assert accounts.get_user(store, "admin").can_admin()


def test_disable_enable_reset_and_role(run, store, capsys):
    run("add", "admin", "--role", "admin", "--password-stdin", stdin=PASSWORD)
    run("add", "leader", "--role", "viewer", "--password-stdin", stdin=PASSWORD)
    assert run("disable", "leader") == 0
    assert run("disable", "leader") == 1
    assert run("enable", "leader") == 0
    assert run("reset", "leader", "--password-stdin", stdin="new password 9\n") == 0
    assert accounts.authenticate(store, "leader", "new password 9")
    assert run("role", "leader", "staff", "--unit", "燃气管理科") == 0
    assert "牵头单位：燃气管理科" in capsys.readouterr().out
    assert accounts.get_user(store, "leader").may_upload_for("燃气管理科")
    assert audit_actions(store)[2:] == [
        "user_disabled",
        "user_enabled",
        "password_reset",
        "sign_in",
        "role_changed",
    ]
