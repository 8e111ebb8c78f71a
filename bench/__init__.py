"""``make bench`` (bench/run.py) and the other benchmarks; nothing here is part of the app."""
