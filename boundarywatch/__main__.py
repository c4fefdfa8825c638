"""python -m boundarywatch."""

from boundarywatch.cli.main import main

main()
