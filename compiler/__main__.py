"""Allow `python -m compiler`."""
from compiler.cli.main import main

main()
