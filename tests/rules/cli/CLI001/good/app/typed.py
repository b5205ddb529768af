import typer

app = typer.Typer()


@app.callback()
def common(version: bool = typer.Option(False, "--version"), verbose: bool = False):
    pass


@app.command()
def run(dry_run: bool = False, json: bool = False):
    pass
