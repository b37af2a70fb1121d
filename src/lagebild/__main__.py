"""``python -m lagebild`` runs the command-line interface."""

from lagebild.cli import main

main()
