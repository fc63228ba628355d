"""``python -m workbench``: the same as the ``workbench`` command."""

from workbench.cli.app import run

if __name__ == "__main__":
    run()
