import typer

app = typer.Typer()


@app.command()
def main(verbose: bool = False, dry_run: bool = False):
    pass
