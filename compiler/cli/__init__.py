"""Command line: unionbrief parse | build | fill | check-schemas | schema."""
