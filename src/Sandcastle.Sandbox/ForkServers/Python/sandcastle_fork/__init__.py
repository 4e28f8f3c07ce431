"""The engine's fork server, in modules of one job each; forkserver.py (beside this package) is its entry point."""
