"""The incremental check: a whole check's state kept between runs, and brought up to date."""
