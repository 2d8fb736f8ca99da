"""Fuzzing of every parser that reads bytes or text from outside (Hypothesis, no atheris).

One module per parser: the barcode parser, the scanner framing, the scale (Toledo 8217)
protocol, the configuration loaders, the ESC/POS simulator's parser and the ZVT decoders.
The MQTT payload decoder's fuzzing lives next to its other tests, in
``tests/link/test_protocol_fuzz.py``, and follows the same budget.

The contract checked for each parser: on any input it returns, or raises only its
documented error type (never ``IndexError``, ``RecursionError`` & co.); it finishes within
a per-example deadline on bounded input (no hang); and the invariants that are cheap to
state hold (e.g. framing does not depend on how the byte stream was chunked; a valid GTIN
comes back unchanged from every carrier).

Two sizes, chosen by the environment variable ``SELFSCAN_FUZZ``:

* unset (the suite): a sample, the whole folder in well under 30 s on 2 cores;
* ``SELFSCAN_FUZZ=full``: :data:`tests.fuzz.budget.FULL_FACTOR` times more examples each
  (a few minutes), e.g. ``SELFSCAN_FUZZ=full .venv/bin/python -m pytest -q tests/fuzz
  tests/link/test_protocol_fuzz.py``.

Every input that once crashed a parser is kept as an explicit ``@example(...)`` next to
the property that found it, so it is replayed on every run whatever Hypothesis draws.
See docs/testing.md.
"""
