"""The ``jahesh`` command: demo, serve, generate, and Django's management commands."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

DEMO_PASSWORD_DEFAULT = "jahesh-demo"


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jahesh.settings")
    import django

    django.setup()


def _migrate() -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def _serve(port: int, host: str = "127.0.0.1") -> None:
    from waitress import serve

    from jahesh.wsgi import application

    print(f"Jahesh is serving on http://{host}:{port}/  (Ctrl+C stops it)", flush=True)
    serve(application, host=host, port=port, threads=8, ident="jahesh")


def cmd_demo(args: argparse.Namespace) -> int:
    if not os.environ.get("DATABASE_URL"):
        home = Path(os.environ.get("JAHESH_HOME") or Path.cwd() / ".jahesh").resolve()
        home.mkdir(parents=True, exist_ok=True)
        os.environ["JAHESH_HOME"] = str(home)
        for suffix in ("", "-wal", "-shm"):
            (home / f"jahesh.sqlite3{suffix}").unlink(missing_ok=True)
    elif not args.reset:
        print("DATABASE_URL is set: `jahesh demo --reset` empties that database first.", file=sys.stderr)
        return 2
    _setup()
    from django.core.management import call_command

    if os.environ.get("DATABASE_URL"):
        _migrate()
        call_command("flush", interactive=False, verbosity=0)
    _migrate()
    from jahesh.demo.generate import build_demo
    from jahesh.demo.users import create_demo_users

    print(
        f"Building the demo region: {args.units} units, {args.months} months, seed {args.seed} …", flush=True
    )
    region = build_demo(units=args.units, months=args.months, seed=args.seed)
    from jahesh.demo.world import build_demo_world

    # The full world (~150 countries × 1,200 products × 10 years) takes seconds; a small demo, a small one.
    size = {} if args.units >= 500 else {"countries": 40, "products": 200, "years": 5}
    world = build_demo_world(region, seed=args.seed, **size)
    print(
        f"Demo world trade: {world.countries} countries × {world.products} products, "
        f"{world.years[0]}–{world.years[-1]}",
        flush=True,
    )
    password = os.environ.get("JAHESH_DEMO_PASSWORD") or DEMO_PASSWORD_DEFAULT
    users = create_demo_users(region, password)
    from jahesh.cases.demo import seed_demo_cases

    print(f"Demo case history: {seed_demo_cases(region, seed=args.seed)} cases", flush=True)
    # Later apps add their demo history through ``AppConfig.seed_demo(region, seed) -> str`` (a summary line),
    # in the order of INSTALLED_APPS: sessions after cases, loans, then revival files.
    from django.apps import apps

    for config in apps.get_app_configs():
        seed_demo = getattr(config, "seed_demo", None)
        if seed_demo is not None:
            print(seed_demo(region, seed=args.seed), flush=True)
    print(f"\nDemo users (password: {password}):")
    for user in users:
        print(f"  {user.username:<14} {user.role:<12} {user.description}")
    if args.no_serve:
        return 0
    _serve(args.port)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    _setup()
    _migrate()
    _serve(args.port, args.host)
    return 0


def cmd_generate(args: argparse.Namespace) -> int:
    _setup()
    _migrate()
    from jahesh.demo.generate import build_region, generate_units

    region = build_region(seed=args.seed)
    summary = generate_units(region, args.units, months=args.months, seed=args.seed)
    print(summary)
    return 0


def cmd_token(args: argparse.Namespace) -> int:
    _setup()
    from jahesh.api.tokens import cli_issue, cli_list, cli_revoke

    if args.list:
        return cli_list(args.username)
    if args.revoke:
        return cli_revoke(args.username, args.revoke)
    return cli_issue(args.username, args.expires_days, name=args.name)


def cmd_import(args: argparse.Namespace) -> int:
    _setup()
    _migrate()
    if args.kind == "trade":
        from jahesh.trade.cli import cli_import_trade

        return cli_import_trade(
            args.file, fmt=args.format, classification=args.classification, level=args.level, lang=args.lang
        )
    from jahesh.registry.data_cli import cli_import

    return cli_import(
        args.kind,
        args.file,
        valid_only=args.valid_only,
        dry_run=args.dry_run,
        lang=args.lang,
        username=args.user,
        accept=args.accept,
        correct_accepted=args.correct_accepted,
        errors=args.errors,
    )


def cmd_export(args: argparse.Namespace) -> int:
    _setup()
    _migrate()
    from jahesh.registry.data_cli import cli_export

    return cli_export(args.kind, args.file, lang=args.lang)


def cmd_template(args: argparse.Namespace) -> int:
    _setup()
    from jahesh.registry.data_cli import cli_template

    return cli_template(args.kind, args.file, lang=args.lang)


def cmd_manage(argv: list[str]) -> int:
    _setup()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["jahesh manage", *argv])
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "manage":
        return cmd_manage(argv[1:])
    if argv and argv[0] == "check":
        return cmd_manage(argv)
    parser = argparse.ArgumentParser(
        prog="jahesh", description="Jahesh — the production-leap working group's platform"
    )
    sub = parser.add_subparsers(dest="command", required=True)

    demo = sub.add_parser("demo", help="build the demo region into a fresh database and serve it")
    demo.add_argument("--port", type=int, default=8000)
    demo.add_argument("--no-serve", action="store_true", help="build the demo and stop")
    demo.add_argument("--units", type=int, default=2000)
    demo.add_argument("--months", type=int, default=36)
    demo.add_argument("--seed", type=int, default=1)
    demo.add_argument("--reset", action="store_true", help="empty the database named by DATABASE_URL first")
    demo.set_defaults(func=cmd_demo)

    serve = sub.add_parser("serve", help="serve the configured database")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--host", default="127.0.0.1")
    serve.set_defaults(func=cmd_serve)

    gen = sub.add_parser("generate", help="add synthetic units to the configured database (benchmarks)")
    gen.add_argument("--units", type=int, required=True)
    gen.add_argument("--months", type=int, default=36)
    gen.add_argument("--seed", type=int, default=1)
    gen.set_defaults(func=cmd_generate)

    token = sub.add_parser(
        "token", help="issue an API token for a user (printed once); --list their tokens; --revoke one"
    )
    token.add_argument("username")
    token.add_argument("--expires-days", type=int, default=365, help="valid for this many days (1-3650)")
    token.add_argument("--name", default="", help="what the token is for (shown by --list)")
    token.add_argument("--list", action="store_true", help="list the user's tokens (no secrets)")
    token.add_argument("--revoke", metavar="PREFIX", help="revoke the token with this prefix (jh_PREFIX_…)")
    token.set_defaults(func=cmd_token)

    kinds = ("units", "inputs", "reports")
    imp = sub.add_parser(
        "import", help="import units, inputs or monthly reports (.xlsx or .csv), or world trade flows (.csv)"
    )
    imp.add_argument("kind", choices=(*kinds, "trade"))
    imp.add_argument("file")
    imp.add_argument("--valid-only", action="store_true", help="take the valid rows, report the others")
    imp.add_argument("--dry-run", action="store_true", help="check and report without writing anything")
    imp.add_argument("--lang", choices=("fa", "en"), default="fa", help="language of the messages")
    imp.add_argument("--user", help="the secretariat or admin user the changes are recorded under")
    imp.add_argument(
        "--accept", action="store_true", help="reports: accept them instead of leaving them for review"
    )
    imp.add_argument(
        "--correct-accepted", action="store_true", help="reports: let the file change accepted reports"
    )
    imp.add_argument("--errors", metavar="REPORT.xlsx", help="write the file with the bad cells marked here")
    imp.add_argument("--format", choices=("baci", "long"), default="long", help="trade: the file's layout")
    imp.add_argument("--classification", choices=("hs", "sitc"), default="hs", help="trade: product codes")
    imp.add_argument("--level", type=int, choices=(4, 6), default=4, help="trade: digits kept (HS)")
    imp.set_defaults(func=cmd_import)

    exp = sub.add_parser("export", help="export units, inputs or monthly reports to FILE (.xlsx or .csv)")
    exp.add_argument("kind", choices=kinds)
    exp.add_argument("file")
    exp.add_argument("--lang", choices=("fa", "en"), default="fa", help="language of the headers")
    exp.set_defaults(func=cmd_export)

    tpl = sub.add_parser("template", help="write an empty import file (.xlsx with a guide sheet, or .csv)")
    tpl.add_argument("kind", choices=kinds)
    tpl.add_argument("file")
    tpl.add_argument("--lang", choices=("fa", "en"), default="fa", help="language of the headers")
    tpl.set_defaults(func=cmd_template)

    sub.add_parser("manage", help="Django's management commands: jahesh manage <command> …")
    args = parser.parse_args(argv)
    if getattr(args, "units", 1) < 1 or getattr(args, "months", 1) < 1:
        parser.error("--units and --months must be at least 1")
    return int(args.func(args))


if __name__ == "__main__":
    raise SystemExit(main())
