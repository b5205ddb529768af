"""A small tool whose prints are its output: LOG001 reports them at info, never rewrites them."""
import argparse
import sys

import click
import typer
from rich.console import Console

app = typer.Typer()
console = Console()


def helper(rows):
    print("helper: %d rows" % len(rows))  # ruleid: LOG001
    return rows


def main(argv=None):
    print("usage: log001-demo [-v]")  # ruleid: LOG001
    print("cannot read config", file=sys.stderr)  # ruleid: LOG001
    return 0


def not_main():
    print("not the entry point")  # ruleid: LOG001


@click.command()
@click.option("--name", default="world")
def hello(name):
    print(f"hello {name}")  # ruleid: LOG001


@click.group()
def cli():
    pass


@cli.command("sync")
def sync():
    print("synced")  # ruleid: LOG001


@app.command()
def greet(name: str):
    print("hi", name)  # ruleid: LOG001


def cmd_list(args):
    print("listing", args)  # ruleid: LOG001


def build_parser():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers()
    sub.add_parser("list").set_defaults(func=cmd_list)
    return parser


def ci_summary(failed, path):
    print("::group::Failures")  # ruleid: LOG001
    print(f"::error file={path},line=1::{failed} failed")  # ruleid: LOG001
    print("::warning::" + str(failed))  # ruleid: LOG001
    print("::notice title=Done::{}".format(failed))  # ruleid: LOG001
    print("::endgroup::")  # ruleid: LOG001
    print(":: not a command ::")  # ruleid: LOG001
    console.print("::group::rich")  # ok: LOG001


# called from the __main__ block: directly (report), through one helper (render), not deeper (trace)
def create_parser():
    parser = argparse.ArgumentParser()
    parser.add_argument("--format", default="text")
    return parser


def report(args):
    print(render(args.format))  # ruleid: LOG001


def render(fmt):
    print("rendering", fmt)  # ruleid: LOG001
    trace(fmt)
    return fmt


def trace(fmt):
    print("trace", fmt)  # ruleid: LOG001


if __name__ == "__main__":
    print("running", sys.argv)  # ruleid: LOG001
    report(create_parser().parse_args())
    sys.exit(main())
else:
    print("imported")  # ruleid: LOG001
