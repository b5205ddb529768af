import click


@click.group()
@click.option("--verbose", is_flag=True)
def cli(verbose):
    pass


@cli.command()
@click.option("--dry-run", is_flag=True)
def sync(dry_run):
    pass
