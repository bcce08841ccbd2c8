"""`python -m tracker users ...`: accounts from the command line, including the first administrator."""

from __future__ import annotations

import argparse
import getpass
import sys
from datetime import datetime

import pandas as pd

from tracker.access import accounts
from tracker.store import Store

ACTOR = "cli"


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    users = subparsers.add_parser(
        "users",
        help="管理账户与角色",
        description="管理看板账户。第一个管理员用 users add 名称 --role admin 创建。",
    )
    commands = users.add_subparsers(dest="users_command", metavar="命令", required=True)

    add = commands.add_parser("add", help="新增账户")
    add.add_argument("username", help="用户名：英文字母、数字或 _ . -")
    add.add_argument("--role", required=True, choices=accounts.ROLES, help="角色")
    add.add_argument("--name", default="", help="显示名，例如 张三")
    _add_unit_option(add)
    _add_password_stdin_option(add)
    add.set_defaults(func=run_add)

    listing = commands.add_parser("list", help="列出全部账户")
    listing.set_defaults(func=run_list)

    disable = commands.add_parser("disable", help="停用账户")
    disable.add_argument("username")
    disable.set_defaults(func=run_disable)

    enable = commands.add_parser("enable", help="重新启用账户")
    enable.add_argument("username")
    enable.set_defaults(func=run_enable)

    reset = commands.add_parser("reset", help="重置密码（同时解除锁定）")
    reset.add_argument("username")
    _add_password_stdin_option(reset)
    reset.set_defaults(func=run_reset)

    role = commands.add_parser("role", help="变更角色或填报人员的牵头单位")
    role.add_argument("username")
    role.add_argument("role", choices=accounts.ROLES)
    _add_unit_option(role)
    role.set_defaults(func=run_role)


def _add_unit_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--unit",
        action="append",
        default=[],
        metavar="牵头单位",
        help="填报人员可上传的牵头单位，可重复给出",
    )


def _add_password_stdin_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--password-stdin",
        action="store_true",
        help="从标准输入读取一行作为密码（用于脚本），否则交互输入两次",
    )


def _read_password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("密码：")
    accounts.validate_password(first)
    if getpass.getpass("再次输入密码：") != first:
        raise accounts.AccountError("两次输入的密码不一致")
    return first


def _refuse(error: accounts.AccountError) -> int:
    print(f"未执行：{error}", file=sys.stderr)
    return 1


def run_add(args: argparse.Namespace, store: Store) -> int:
    try:
        # Check what can be checked before asking for a password twice.
        username = accounts.validate_username(args.username)
        accounts.units_for_role(args.role, args.unit)
        if accounts.get_user(store, username) is not None:
            raise accounts.AccountError(f"账户“{username}”已存在")
        user = accounts.add_user(
            store,
            username,
            _read_password(args),
            args.role,
            display_name=args.name,
            units=args.unit,
            actor=ACTOR,
        )
    except accounts.AccountError as error:
        return _refuse(error)
    print(f"已新增账户 {user.username}（{_describe(user)}）")
    return 0


def run_list(args: argparse.Namespace, store: Store) -> int:
    table = accounts.list_users(store)
    if table.empty:
        print("尚无账户。请先创建管理员：python -m tracker users add 用户名 --role admin")
        return 0
    print(_format_user_table(table, datetime.now()).to_string(index=False))
    return 0


def _format_user_table(table: pd.DataFrame, now: datetime) -> pd.DataFrame:
    def state(row: pd.Series) -> str:
        if row["disabled"]:
            return "停用"
        if pd.notna(row["locked_until"]) and row["locked_until"] > now:
            return f"锁定至 {row['locked_until']:%H:%M}"
        return "启用"

    return pd.DataFrame(
        {
            "用户名": table["username"],
            "显示名": table["display_name"],
            "角色": table["role"].map(accounts.ROLE_LABELS),
            "牵头单位": table["units"],
            "状态": table.apply(state, axis=1),
            "最近登录": table["last_sign_in"].dt.strftime("%Y-%m-%d %H:%M").fillna("从未"),
        }
    )


def run_disable(args: argparse.Namespace, store: Store) -> int:
    try:
        accounts.disable_user(store, args.username, actor=ACTOR)
    except accounts.AccountError as error:
        return _refuse(error)
    print(f"已停用账户 {accounts.normalise_username(args.username)}")
    return 0


def run_enable(args: argparse.Namespace, store: Store) -> int:
    try:
        accounts.enable_user(store, args.username, actor=ACTOR)
    except accounts.AccountError as error:
        return _refuse(error)
    print(f"已启用账户 {accounts.normalise_username(args.username)}")
    return 0


def run_reset(args: argparse.Namespace, store: Store) -> int:
    try:
        if accounts.get_user(store, args.username) is None:
            raise accounts.AccountError(f"账户“{args.username}”不存在")
        accounts.reset_password(store, args.username, _read_password(args), actor=ACTOR)
    except accounts.AccountError as error:
        return _refuse(error)
    print(f"已重置账户 {accounts.normalise_username(args.username)} 的密码，锁定（如有）已解除")
    return 0


def run_role(args: argparse.Namespace, store: Store) -> int:
    try:
        user = accounts.set_role(
            store, args.username, args.role, units=args.unit or None, actor=ACTOR
        )
    except accounts.AccountError as error:
        return _refuse(error)
    print(f"已将账户 {user.username} 变更为 {_describe(user)}")
    return 0


def _describe(user: accounts.User) -> str:
    if user.units:
        return f"{accounts.ROLE_LABELS[user.role]}，牵头单位：{'、'.join(user.units)}"
    return accounts.ROLE_LABELS[user.role]
