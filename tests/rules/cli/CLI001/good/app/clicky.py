import click as c


@c.command()
@c.version_option("1.0")
@c.option("-v", "--verbose", count=True)
@c.option("--dry-run", is_flag=True)
@c.option("--output", "-o", type=c.Path())
def main(verbose, dry_run, output):
    pass
