"""The story: how much each event and statement matters (salience), and the corpus' key dates.

Pure functions over records and corpus counts; derivation (``dateline.pipeline.corpus``) calls
``score_story`` after grouping and the store keeps the results. ``default_top_n`` is how many key dates
the CLI, the dashboard and a suggested briefing propose by default.
"""

from dateline.story.keydates import KeyDate, default_top_n, rank_key_dates, short_headline
from dateline.story.salience import BACKGROUND, STORY, UNDATED, Period, Salience, publication_period
from dateline.story.score import StoryScores, score_story

__all__ = ["BACKGROUND", "STORY", "UNDATED", "KeyDate", "Period", "Salience", "StoryScores", "default_top_n",
           "publication_period", "rank_key_dates", "score_story", "short_headline"]
