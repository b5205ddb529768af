import click


@click.group()
@click.option("--verbose", is_flag=True)
def cli(verbose):
    """Click CLI."""


@cli.command()
def sync():
    click.echo("synced")
