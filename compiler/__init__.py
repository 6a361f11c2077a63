"""unionbrief: compile union news pages into briefings, statistic sheets and PDF digests."""
__version__ = "0.1.0"
