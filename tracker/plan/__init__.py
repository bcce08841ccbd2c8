"""The year's plan (年度任务清单), its reporting calendar and who reported on time."""
