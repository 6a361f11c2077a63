"""Allow `python -m compiler`."""
from .cli import main

main()
